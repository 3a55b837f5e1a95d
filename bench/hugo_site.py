#!/usr/bin/env python3
"""Writes a Hugo site equivalent to a Rapport sample, for the side-by-side
benchmark: one Markdown page per account with its fields (and its order
count and 12-month revenue, computed here) in front matter, a list page of
all accounts, and a taxonomy (industries, with a page per industry).

With --orders, each page's front matter also lists the account's order
lines (date, order, SKU, quantity, amount) and the page shows them as a
table: the same data a Rapport brief shows as its order history, so the two
tools render comparable pages from the same input.

Usage: hugo_site.py [--orders] SAMPLE_DIR HUGO_DIR
"""
import csv
import datetime
import os
import shutil
import sys

LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<table>
<tr><th>Account</th><td>{{ .Params.account_id }}</td></tr>
<tr><th>Industry</th><td>{{ .Params.industry }}</td></tr>
<tr><th>Employees</th><td>{{ .Params.employees }}</td></tr>
<tr><th>Region</th><td>{{ .Params.region }}</td></tr>
<tr><th>Owner</th><td>{{ .Params.owner }}</td></tr>
<tr><th>Customer since</th><td>{{ .Params.customer_since }}</td></tr>
<tr><th>Orders</th><td>{{ .Params.orders }}</td></tr>
<tr><th>Revenue, 12 months</th><td>{{ .Params.revenue_12m }}</td></tr>
</table>
<p>Industries: {{ range .GetTerms "industries" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ with .Params.order_lines }}<table><tr><th>Date</th><th>Order</th><th>Product</th><th>Quantity</th><th>Amount</th></tr>
{{ range . }}<tr><td>{{ .date }}</td><td>{{ .order }}</td><td>{{ .sku }}</td><td>{{ .quantity }}</td><td>{{ .amount }}</td></tr>
{{ end }}</table>{{ end }}
{{ .Content }}{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<table>{{ range .Pages.ByParam "rank" }}<tr><td>{{ .Params.rank }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.industry }}</td><td>{{ .Params.revenue_12m }}</td></tr>
{{ end }}</table>{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1><p>{{ len (where .Site.RegularPages "Section" "accounts") }} accounts</p>{{ end }}
""",
}


def main():
    arguments = sys.argv[1:]
    with_orders = "--orders" in arguments
    sample, out = [a for a in arguments if a != "--orders"][:2]
    if os.path.exists(out):
        shutil.rmtree(out)
    content = os.path.join(out, "content", "accounts")
    os.makedirs(content)
    with open(os.path.join(sample, "site.yaml"), encoding="utf-8") as handle:
        as_of = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("as_of:"))
    end = datetime.date.fromisoformat(as_of)
    start = end - datetime.timedelta(days=364)
    orders, revenue, lines = {}, {}, {}
    with open(os.path.join(sample, "data", "orders.csv"), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            account = row["account_id"]
            orders[account] = orders.get(account, 0) + 1
            if with_orders:
                lines.setdefault(account, []).append(
                    '  - {date: "%s", order: "%s", sku: "%s", quantity: "%s", amount: %s}\n'
                    % (row["date"], row.get("order_id", ""), row.get("sku", ""), row.get("quantity", ""), row["amount"]))
            day = datetime.date.fromisoformat(row["date"])
            if start <= day <= end:
                revenue[account] = revenue.get(account, 0.0) + float(row["amount"])
    with open(os.path.join(sample, "data", "accounts.csv"), encoding="utf-8") as handle:
        accounts = list(csv.DictReader(handle))
    ranked = sorted(accounts, key=lambda a: (-revenue.get(a["account_id"], 0), a["account_id"]))
    rank = {a["account_id"]: i + 1 for i, a in enumerate(ranked)}
    for account in accounts:
        key = account["account_id"]
        name = account["name"].replace('"', '\\"')
        with open(os.path.join(content, key.lower() + ".md"), "w", encoding="utf-8") as page:
            page.write('---\ntitle: "%s"\naccount_id: "%s"\nindustry: "%s"\nindustries: ["%s"]\n'
                       'employees: "%s"\nregion: "%s"\nowner: "%s"\ncustomer_since: "%s"\norders: %d\n'
                       'revenue_12m: %.2f\nrank: %d\n%s---\nAccount brief for %s.\n'
                       % (name, key, account.get("industry", ""), account.get("industry", ""),
                          account.get("employees", ""), account.get("region", ""), account.get("owner", ""),
                          account.get("customer_since", ""), orders.get(key, 0), revenue.get(key, 0.0),
                          rank[key], ("order_lines:\n" + "".join(lines.get(key, []))) if with_orders else "",
                          name))
    with open(os.path.join(content, "_index.md"), "w", encoding="utf-8") as page:
        page.write('---\ntitle: "Accounts"\n---\n')
    for path, text in LAYOUTS.items():
        target = os.path.join(out, "layouts", path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
    os.makedirs(os.path.join(out, "static"))
    with open(os.path.join(out, "static", "style.css"), "w", encoding="utf-8") as handle:
        handle.write("body { font-family: system-ui; }\n")
    with open(os.path.join(out, "config.toml"), "w", encoding="utf-8") as handle:
        handle.write('baseURL = "http://example.org/"\ntitle = "Accounts"\ndisableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
                     '[taxonomies]\nindustry = "industries"\n')


if __name__ == "__main__":
    main()
