import CompetencyModel

/// The edition as a Word document: `<edition>.docx`, plus one per phase when the profile
/// asks for per-phase documents.
public struct EditionDocxFormat: OutputFormat {
    public let id = "docx"
    public let summary = "Word .docx: styled, accessible, deterministic (fixed zip timestamps and entry order)."
    public init() {}

    public func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact] {
        let reference = options.referenceDocument
        var artifacts = [Artifact(relativePath: "\(edition.info.id).docx", bytes: try Self.package(edition, phase: nil, reference: reference).docx())]
        if edition.info.perPhaseDocuments && edition.has(.competenciesByPhase) {
            for phase in edition.framework.phases {
                artifacts.append(Artifact(
                    relativePath: "\(edition.info.id)-\(phase.id).docx",
                    bytes: try Self.package(edition, phase: phase.id, reference: reference).docx()))
            }
        }
        return artifacts
    }

    static func package(_ edition: Edition, phase: String?, reference: ReferenceDocument?) -> OPCPackage {
        EditionDocumentComposer(edition: edition, phaseID: phase, reference: reference).compose().package()
    }
}

/// The same document as one Flat OPC XML file (`<edition>.flat.xml`) that Word opens
/// directly and `competency pack` turns into a .docx.
public struct EditionFlatOPCFormat: OutputFormat {
    public let id = "flat-opc"
    public let summary = "DOCX-ready WordprocessingML as one Flat OPC XML file (.flat.xml) that Word opens directly."
    public init() {}

    public func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact] {
        [Artifact(relativePath: "\(edition.info.id).flat.xml", bytes: EditionDocxFormat.package(edition, phase: nil, reference: options.referenceDocument).flatOPC())]
    }
}
