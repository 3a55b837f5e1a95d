import RapportAnalyze
import RapportCore

/// `accounts/<slug>-orders.csv`: every order line of one account, newest
/// first, beside its brief. The brief's table shows the most recent
/// `PageBuilder.recentOrderLines` and links here, so a page is not two-thirds
/// order table and a user still has every line, in the form a spreadsheet
/// opens (docs/guide.md#playbooks-and-pages).
struct AccountOrderFiles: DataFileKind {
    let name = "account-orders"

    static let columns = ["date", "order_id", "sku", "product", "quantity", "amount"]

    func count(_ site: PageBuilder) -> Int { site.portfolio.accounts.count }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(
            kind: name, path: site.accountOrdersPath(site.portfolio.accounts[item].account.id), template: nil,
            position: item)
    }

    /// Made from the orders alone.
    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] { [] }

    func file(_ route: Route, _ site: PageBuilder) -> DataFile {
        .whole(OutputFile(path: route.path, bytes: site.orderLines(site.portfolio.accounts[route.position])))
    }
}

extension PageBuilder {
    /// How many order lines a brief's table shows (the most recent), and
    /// its printed packet: the rest are in the account's orders file.
    public static let recentOrderLines = 20

    /// The CSV of an account's order lines: amounts as plain decimals, text
    /// that a spreadsheet would run as a formula neutralised, every cell
    /// quoted as `CSVWriter` quotes. Bytes appended to one buffer, each
    /// product's two cells made once: through `CSVWriter.line` the files
    /// were a tenth of a 10,000-account build's CPU (BENCHMARKS.md, issue 27).
    func orderLines(_ analysis: AccountAnalysis) -> [UInt8] {
        func cell(_ text: String) -> String { CSVWriter.quote(CSVWriter.neutralised(text)) }
        var bytes = Array(CSVWriter.line(AccountOrderFiles.columns).utf8)
        bytes.reserveCapacity(bytes.count + 64 * analysis.orders.count)
        var products: [Symbol: String] = [:]
        let texts = portfolio.texts
        for order in analysis.orders {
            bytes.appendUTF8(order.date.iso)
            bytes.append(UInt8(ascii: ","))
            if let id = order.orderID { CSVWriter.appendCell(texts[id], to: &bytes) }
            bytes.append(UInt8(ascii: ","))
            if let sku = order.sku {
                let cells =
                    products[sku.symbol]
                    ?? {
                        let made =
                            cell(symbols[sku.symbol]) + "," + cell(portfolio.catalogue.product(sku)?.name ?? "")
                        products[sku.symbol] = made
                        return made
                    }()
                bytes.appendUTF8(cells)
            } else {
                bytes.append(UInt8(ascii: ","))
            }
            bytes.append(UInt8(ascii: ","))
            if let quantity = order.quantity { bytes.appendDecimal(Int(quantity)) }
            bytes.append(UInt8(ascii: ","))
            order.amount.appendPlain(to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}
