import RapportCore

// The `products` table (docs/reference.md#the-tables-csv-schema):
// the product catalogue: families, kinds, list prices and replacement ages.
// Its schema, its decoder and its checks across tables, listed in `TableKind`.

extension TableSchema {
    public static let products = TableSchema(
        name: "products", required: false, requiredColumns: [.sku, .name],
        optionalColumns: [.family, .kind, .listPrice, .replacementMonths], keyColumn: .sku)
}

extension RecordDecoder {
    static func product<Row: RecordFields>(_ row: Row, _ d: inout Diagnostics) -> Product? {
        guard let sku: SKU = row.requiredID(.sku, &d), let name = row.required(.name, &d) else { return nil }
        var product = Product(sku: sku, name: name, recordNumber: row.recordNumber)
        product.family = row.text(.family)
        product.kind = row.choice(.kind, &d)
        product.listPrice = row.money(.listPrice, &d)
        product.replacementMonths = row.integer(.replacementMonths, in: 0...1200, &d)
        return product
    }
}

extension TableChecks {
    mutating func checkProducts() {
        uniqueKeys(.products, "product", .sku, model.products.map { ($0.sku, $0.recordNumber) })
    }
}
