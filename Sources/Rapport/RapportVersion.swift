/// The version `rapport --version` prints. Raised by hand with each release
/// (docs/guide.md#install); the built-in theme and demo are those of this version.
public enum RapportVersion {
    public static let current = "0.1.0"
}
