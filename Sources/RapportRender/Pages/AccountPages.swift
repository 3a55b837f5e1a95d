import RapportAnalyze
import RapportCore

/// `accounts/<slug>.html`: one review brief per account.
struct AccountPages: PageKind {
    let name = "account"

    func count(_ site: PageBuilder) -> Int { site.portfolio.accounts.count }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(
            kind: name, path: site.accountPath(site.portfolio.accounts[item].account.id), template: "account",
            position: item)
    }

    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] {
        [.navigation] + site.portfolio.accounts[route.position].playbooks.map(RouteInput.playbook)
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.accountPage(site.portfolio.accounts[route.position]) }
}

extension PageBuilder {
    static let orderKeys = ["date", "order_id", "product", "quantity", "amount"]

    func accountPage(_ analysis: AccountAnalysis) -> Page {
        let path = accountPath(analysis.account.id)
        var context = base(path: path, title: analysis.account.name, section: "accounts")
        context.merge(briefContext(analysis, root: Page.root(for: path), heading: "h2"))
        // Typed values straight away: the order table is the largest part of
        // most briefs, and boxing each cell first showed in the profile. The
        // most recent lines only: the full table was two-thirds of a page's
        // bytes (BENCHMARKS.md, issue 27); every line is in the orders file.
        let texts = portfolio.texts
        context["orders"] = TemplateValue.list(
            analysis.orders.prefix(Self.recentOrderLines).map { order in
                .object(
                    TemplateObject(
                        keys: Self.orderKeys,
                        values: [
                            .text(order.date.iso), .text(order.orderID.map { texts[$0] } ?? "—"),
                            .text(productName(order.sku)), .text(order.quantity.map { String($0) } ?? "—"),
                            .text(format.exactMoney(order.amount)),
                        ]))
            })
        context["has_orders"] = !analysis.orders.isEmpty
        context["order_lines"] = analysis.orders.count
        context["orders_shown"] = min(analysis.orders.count, Self.recentOrderLines)
        context["has_more_orders"] = analysis.orders.count > Self.recentOrderLines
        context["orders_href"] = Page.root(for: path) + accountOrdersPath(analysis.account.id)
        return Page(path: path, template: "account", context: context)
    }
}
