/// The shapes `rapport init --from` recognises (docs/guide.md#starting-from-a-crm-export):
/// for each kind of file, the names its columns go by in Salesforce reports
/// and Data Loader exports, HubSpot exports and common order-line files,
/// folded (`ExportFile.folded`: "Account Name" → "accountname"). A column
/// is matched by the first name in its list that the file has.
enum ExportShapes {
    enum Role: String, CaseIterable {
        case accounts, reps, products, opportunities, orders, tickets, contacts
    }

    struct Field {
        var column: String
        var names: [String]
        var required = false
    }

    static func fields(_ role: Role) -> [Field] {
        switch role {
        case .accounts:
            return [
                Field(
                    column: "account_id",
                    names: ["accountid", "id", "recordid", "companyid", "customerid", "accountnumber"]
                ),
                Field(
                    column: "name",
                    names: ["accountname", "companyname", "name", "account", "company", "customername", "customer"],
                    required: true),
                Field(column: "industry", names: ["industry", "sector", "vertical"]),
                Field(column: "employees", names: ["employees", "numberofemployees", "employeecount", "headcount"]),
                Field(
                    column: "region",
                    names: [
                        "region", "billingstateprovince", "billingstate", "stateregion", "territory", "officelocation",
                        "billingcountry", "countryregion", "country",
                    ]),
                Field(column: "owner", names: ["accountowner", "companyowner", "owner", "ownerid", "accountownerid"]),
                Field(column: "customer_since", names: ["customersince", "createddate", "createdate"]),
            ]
        case .reps:
            return [
                Field(column: "rep_id", names: ["repid", "userid", "id", "agentid", "employeeid"]),
                Field(
                    column: "name", names: ["salesagent", "fullname", "name", "agent", "repname", "rep", "username"],
                    required: true),
                Field(column: "email", names: ["email", "emailaddress"]),
                Field(column: "team", names: ["team", "regionaloffice", "department", "office", "division"]),
                Field(column: "manager", names: ["manager", "managername", "managerid"]),
            ]
        case .products:
            return [
                Field(column: "sku", names: ["sku", "productcode", "productid", "code", "itemcode", "id"]),
                Field(column: "name", names: ["productname", "product", "name", "item"], required: true),
                Field(column: "family", names: ["productfamily", "family", "series", "productline", "category"]),
                Field(column: "list_price", names: ["listprice", "salesprice", "unitprice", "price"]),
            ]
        case .opportunities:
            return [
                Field(column: "opportunity_id", names: ["opportunityid", "dealid", "recordid", "id"], required: true),
                Field(
                    column: "account_id",
                    names: [
                        "accountid", "associatedcompanyidsprimary", "associatedcompanyids", "companyid", "accountname",
                        "account", "associatedcompany", "company", "customer",
                    ], required: true),
                Field(column: "stage", names: ["stagename", "dealstage", "stage"], required: true),
                Field(
                    column: "amount", names: ["amount", "closevalue", "dealamount", "dealvalue", "value", "revenue"]),
                Field(column: "close_date", names: ["closedate", "closingdate", "expectedclosedate", "closedon"]),
                Field(
                    column: "owner",
                    names: ["opportunityowner", "dealowner", "salesagent", "ownerid", "owner", "salesrep", "agent"]),
                Field(
                    column: "probability",
                    names: ["probability", "probabilitypercent", "dealprobability", "winprobability"]
                ),
                Field(column: "next_step", names: ["nextstep"]),
                // Not a column of the table: the deal's product, for won deals read as orders.
                Field(column: "sku", names: ["product", "productname", "productcode", "sku"]),
            ]
        case .orders:
            return [
                Field(
                    column: "account_id",
                    names: ["accountid", "customerid", "clientid", "companyid", "account", "customer", "customername"],
                    required: true),
                Field(
                    column: "date", names: ["orderdate", "invoicedate", "saledate", "transactiondate", "date"],
                    required: true),
                Field(
                    column: "amount",
                    names: ["linetotal", "amount", "total", "netamount", "extendedprice", "revenue", "sales", "value"],
                    required: true),
                Field(
                    column: "order_id",
                    names: ["orderid", "orderno", "ordernumber", "invoiceno", "invoicenumber", "invoice"]),
                Field(column: "sku", names: ["sku", "productcode", "productid", "itemcode", "stockcode", "product"]),
                Field(column: "quantity", names: ["quantity", "qty", "units"]),
                Field(column: "rep", names: ["salesrep", "salesperson", "rep", "seller"]),
            ]
        case .tickets:
            return [
                Field(
                    column: "ticket_id", names: ["ticketid", "casenumber", "caseid", "ticketnumber", "recordid", "id"],
                    required: true),
                Field(
                    column: "account_id",
                    names: [
                        "accountid", "associatedcompanyidsprimary", "associatedcompanyids", "companyid", "accountname",
                        "associatedcompany", "customerid",
                    ], required: true),
                Field(
                    column: "opened", names: ["opened", "datetimeopened", "dateopened", "createddate", "createdate"],
                    required: true),
                Field(
                    column: "resolved", names: ["resolved", "closeddate", "closedate", "dateclosed", "resolveddate"]),
                Field(column: "severity", names: ["severity", "priority"]),
                Field(column: "category", names: ["category", "casetype", "type", "casereason", "reason"]),
            ]
        case .contacts:
            return [
                Field(column: "first_name", names: ["firstname"], required: true),
                Field(column: "last_name", names: ["lastname"], required: true),
            ]
        }
    }

    /// Columns that tell one kind of file from another when the names it
    /// shares with others are equal: a deal has a stage, a ticket a
    /// priority or a case number, a product no account.
    static func signature(_ role: Role) -> [String] {
        switch role {
        case .accounts: return ["industry", "sector", "numberofemployees", "employees", "accountowner", "companyowner"]
        case .reps: return ["manager", "managerid", "salesagent", "regionaloffice", "userroleid", "username"]
        case .products: return ["series", "productfamily", "family", "listprice", "salesprice"]
        case .opportunities:
            return ["stagename", "dealstage", "closevalue", "probability", "opportunityid", "dealname"]
        case .orders: return ["orderdate", "invoicedate", "quantity", "qty", "linetotal", "orderid", "invoiceno"]
        case .tickets: return ["casenumber", "ticketid", "priority", "ticketstatus", "ticketname", "ticketowner"]
        case .contacts: return ["firstname", "lastname", "email", "title"]
        }
    }

    /// Words in file names that hint at a kind.
    static func fileHints(_ role: Role) -> [String] {
        switch role {
        case .accounts: return ["account", "compan", "customer"]
        case .reps: return ["user", "team", "rep", "agent", "owner"]
        case .products: return ["product", "item", "catalog"]
        case .opportunities: return ["opportunit", "deal", "pipeline"]
        case .orders: return ["order", "invoice", "line", "transaction"]
        case .tickets: return ["case", "ticket", "support"]
        case .contacts: return ["contact"]
        }
    }
}
