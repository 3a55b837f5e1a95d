import RapportAnalyze
import RapportCore

/// `accounts/index.html`, `accounts/page-N.html`: every account by value
/// rank, `accounts_per_page` to a page.
struct AccountListPages: PageKind {
    let name = "account-list"

    func count(_ site: PageBuilder) -> Int { site.accountListPages }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: site.accountListPath(item), template: "accounts", position: item)
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.accountList(route.position) }
}

extension PageBuilder {
    /// Accounts per page of the accounts list (site.yaml `accounts_per_page`,
    /// default 1,000): a 100,000-row table is 58 MB that no browser shows
    /// usefully; search finds any account.
    var accountsPerPage: Int { max(1, model.settings.accountsPerPage) }

    var accountListPages: Int { max(1, (portfolio.accounts.count + accountsPerPage - 1) / accountsPerPage) }

    func accountList(_ page: Int) -> Page {
        let path = accountListPath(page)
        var context = base(
            path: path, title: page == 0 ? "Accounts" : "Accounts, page \(page + 1)", section: "accounts")
        let root = Page.root(for: path)
        let first = page * accountsPerPage
        let last = min(first + accountsPerPage, rankedAccounts.count)
        context["accounts"] = rankedAccounts[first..<last].map { accountRow(portfolio.accounts[$0], root: root) }
        context["count"] = portfolio.accounts.count
        context["first_rank"] = first + 1
        context["last_rank"] = last
        context["owners"] = ownerNames
        let pages = accountListPages
        context["has_pages"] = pages > 1
        context["page_number"] = page + 1
        context["page_count"] = pages
        context["pages"] = (0..<pages).map { index -> TemplateContext in
            [
                "number": index + 1, "href": root + accountListPath(index), "current": index == page,
                "first_rank": index * accountsPerPage + 1,
            ]
        }
        context["has_previous"] = page > 0
        context["previous_href"] = page > 0 ? root + accountListPath(page - 1) : ""
        context["has_next"] = page + 1 < pages
        context["next_href"] = page + 1 < pages ? root + accountListPath(page + 1) : ""
        return Page(path: path, template: "accounts", context: context)
    }
}
