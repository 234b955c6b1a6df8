import CompetencyModel

/// A static CASE 1.1 API tree any web server can host at the publication's base URI:
/// `ims/case/v1p1/CFPackages/<document>`, `CFDocuments/<document>`, `CFItems/<id>`,
/// `CFAssociations/<id>`, `CFRubrics/<id>`, `CFItemTypes/<id>`, `CFLicenses/<id>` and
/// `CFSubjects/<id>`, one JSON record per file, at exactly the paths the records' URIs name.
/// The document list (`GET …/CFDocuments`) is `CFDocuments/index.json`, since one path cannot
/// be both a file and a folder.
public struct EditionCASEAPIFormat: OutputFormat {
    public let id = "case-api"
    public let summary = "A static CASE 1.1 API tree (CFPackages, CFDocuments, CFItems, CFAssociations, CFRubrics) to host at the edition's base URI."
    /// Lineage links to the base's own records and dates each record from earlier versions.
    public var usesFrameworks: Bool { true }
    public var includedByDefault: Bool { false }
    public init() {}

    public func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact] {
        Self.tree(EditionCASEFormat.builder(for: edition, library: options.frameworks), folder: "case-api")
    }

    public static func tree(_ builder: CASEPackageBuilder, folder: String) -> [Artifact] {
        let records = builder.records()
        let root = "\(folder)/ims/case/v1p1"
        func file(_ collection: String, _ record: JSONValue) -> Artifact? {
            guard case .object(let members) = record, case .string(let identifier)? = members["identifier"] else { return nil }
            return Artifact(relativePath: "\(root)/\(collection)/\(identifier)", text: record.serialised())
        }
        var artifacts: [Artifact] = [
            Artifact(relativePath: "\(root)/CFPackages/\(records.documentIdentifier)", text: builder.package().serialised()),
            Artifact(relativePath: "\(root)/CFDocuments/index.json", text: JSONValue.object([("CFDocuments", .array([records.document]))]).serialised()),
        ]
        artifacts += [file("CFDocuments", records.document)].compactMap { $0 }
        artifacts += records.items.compactMap { file("CFItems", $0) }
        artifacts += records.associations.compactMap { file("CFAssociations", $0) }
        artifacts += records.rubrics.compactMap { file("CFRubrics", $0) }
        artifacts += records.itemTypes.compactMap { file("CFItemTypes", $0) }
        artifacts += records.licences.compactMap { file("CFLicenses", $0) }
        artifacts += records.subjects.compactMap { file("CFSubjects", $0) }
        return artifacts
    }
}
