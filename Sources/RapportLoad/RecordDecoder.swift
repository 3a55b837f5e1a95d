import RapportCore

/// One decoder per table of docs/reference.md#the-tables-csv-schema, each in its table's file in
/// `Tables/`: a record of any source
/// (`RecordFields`) → the model's row, or nil with the reasons in
/// diagnostics. Generic, not over an existential, so the CSV path stays
/// specialised: it decodes sixteen million records at 100,000 accounts.
enum RecordDecoder {}
