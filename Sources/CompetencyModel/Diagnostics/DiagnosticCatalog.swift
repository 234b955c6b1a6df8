/// Every diagnostic code a program can report, each with its meaning. The modules that
/// report codes each contribute their descriptors; a host that links them all assembles
/// one catalog (CompetencyKit's is `DiagnosticCatalog.all`, in Publishing).
public struct DiagnosticCatalog: Sendable {
    /// In the order given: by family, then by code within each.
    public let descriptors: [DiagnosticDescriptor]
    private let byCode: [String: DiagnosticDescriptor]

    public init(_ descriptors: [DiagnosticDescriptor]) {
        self.descriptors = descriptors
        // A code listed twice is a mistake the catalog's tests report (`duplicateCodes`);
        // lookups answer with the first so a duplicate never brings the tool down.
        byCode = Dictionary(descriptors.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The descriptor of `code`, or nil when no module declares it.
    public func descriptor(for code: String) -> DiagnosticDescriptor? {
        byCode[code]
    }

    /// The descriptors of one family, in catalog order.
    public func descriptors(in family: DiagnosticDescriptor.Family) -> [DiagnosticDescriptor] {
        descriptors.filter { $0.family == family }
    }

    /// Codes declared more than once, each listed once; empty in a sound catalog.
    public var duplicateCodes: [String] {
        var seen = Set<String>()
        var repeated: [String] = []
        for descriptor in descriptors where !seen.insert(descriptor.code).inserted && !repeated.contains(descriptor.code) {
            repeated.append(descriptor.code)
        }
        return repeated
    }
}
