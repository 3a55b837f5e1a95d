import Foundation
import RapportAnalyze
import RapportCore
import RapportLoad
import RapportSeal
import RapportWrite

/// `rapport keys new` and `rapport keys rotate` (docs/guide.md#publishing-privately, "Keys"): the keys file of a site's
/// encrypted portals, made, completed and renewed. Nothing here prints or returns a passphrase.
public enum PortalKeyFile {
    public struct Outcome: Sendable {
        public var diagnostics = Diagnostics()
        /// The encrypted portals' handles, in output order.
        public var portals: [String] = []
        /// Those given a new passphrase by this run.
        public var renewed: [String] = []
    }

    /// The handles of the portals `site`'s site.yaml encrypts.
    static func encryptedPortals(site: String, environment: [String: String], _ outcome: inout Outcome) -> [String]? {
        let (model, diagnostics) = SiteLoader.load(directory: site, databases: .standard(environment: environment))
        outcome.diagnostics.append(contentsOf: diagnostics)
        guard !diagnostics.hasErrors else { return nil }
        let audiences = model.settings.portals.map { Audience.list($0, model: model) } ?? []
        let encrypted = audiences.filter(\.encrypted).map(\.handle)
        if encrypted.isEmpty {
            outcome.diagnostics.error(
                .invalidSetting, at: SourceLocation(file: site + "/site.yaml"), stage: .load,
                "site.yaml encrypts no portal: add 'encrypt: true' to a kind of portals: first")
            return nil
        }
        return encrypted
    }

    /// A keys file inside the site folder would be read, copied and perhaps
    /// committed with it: refused.
    static func outsideSite(_ file: String, site: String, _ outcome: inout Outcome) -> Bool {
        let place = OutputPlace.realPath(ofMaybeMissing: file)
        let root = OutputPlace.realPath(ofMaybeMissing: site)
        guard place.hasPrefix(root == "/" ? "/" : root + "/") else { return true }
        outcome.diagnostics.error(
            .invalidKeys, at: SourceLocation(file: file), stage: .write,
            "the keys file must be outside the site folder \(site): it would be published or committed with it")
        return false
    }

    /// Writes a passphrase for every encrypted portal of `site` to `file`.
    /// An existing file keeps its salt and passphrases: only the portals
    /// without one get one, so a new rep needs no new keys for the others.
    /// - Parameter environment: where a database source's password is found.
    public static func new(site: String, file: String, environment: [String: String] = [:]) -> Outcome {
        var outcome = Outcome()
        guard outsideSite(file, site: site, &outcome),
            let portals = encryptedPortals(site: site, environment: environment, &outcome)
        else { return outcome }
        outcome.portals = portals
        var keys = PortalKeys(salt: PortalKeys.newSalt(), passphrases: [:])
        if FileManager.default.fileExists(atPath: file) {
            switch PortalKeys.read(file) {
            case .success(let existing): keys = existing
            case .failure(let diagnostic):
                outcome.diagnostics.append(diagnostic)
                return outcome
            }
        }
        for portal in portals where keys.passphrases[portal] == nil {
            keys.passphrases[portal] = PortalKeys.newPassphrase()
            outcome.renewed.append(portal)
        }
        keys.deriveAll()
        if let failure = keys.write(to: file) { outcome.diagnostics.append(failure) }
        return outcome
    }

    /// A new passphrase for `portal` in `file`; the others are kept. The
    /// portal's pages are sealed with the new key at the next build.
    public static func rotate(
        site: String, file: String, portal: String, environment: [String: String] = [:]
    ) -> Outcome {
        var outcome = Outcome()
        guard let portals = encryptedPortals(site: site, environment: environment, &outcome) else { return outcome }
        outcome.portals = portals
        guard portals.contains(portal) else {
            outcome.diagnostics.error(
                .invalidSetting, at: SourceLocation(file: site + "/site.yaml"), stage: .load,
                "no encrypted portal '\(portal)': the encrypted portals are "
                    + portals.prefix(8).joined(separator: ", ") + (portals.count > 8 ? ", …" : ""))
            return outcome
        }
        switch PortalKeys.read(file) {
        case .success(var keys):
            keys.passphrases[portal] = PortalKeys.newPassphrase()
            outcome.renewed = [portal]
            keys.deriveAll()
            if let failure = keys.write(to: file) { outcome.diagnostics.append(failure) }
        case .failure(let diagnostic):
            outcome.diagnostics.append(diagnostic)
        }
        return outcome
    }
}
