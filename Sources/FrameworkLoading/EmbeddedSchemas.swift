/// The shipped XML schemas, compiled into the binary by SwiftPM (`.embedInCode` of
/// `Schemas/`, links to `Frameworks/schema/`), so the tool validates from any directory and
/// the embedded copy can never drift from the published one.
public enum EmbeddedSchemas {
    /// `Frameworks/schema/framework.xsd`
    public static let framework = String(decoding: PackageResources.framework_xsd, as: UTF8.self)
    /// `Frameworks/schema/edition.xsd`
    public static let edition = String(decoding: PackageResources.edition_xsd, as: UTF8.self)

    /// File name → text, every embedded schema.
    public static let all: [String: String] = [
        "framework.xsd": framework,
        "edition.xsd": edition,
    ]
}
