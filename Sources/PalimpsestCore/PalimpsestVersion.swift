/// The toolkit's release, as the command line and reports state it.
public enum PalimpsestVersion {
    /// The current release.
    public static let current = "0.1.0"
}
