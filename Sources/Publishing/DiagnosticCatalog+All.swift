import CASEImport
import CompetencyModel
import Editions
import FrameworkLoading
import Rebase
import Spreadsheets

extension DiagnosticCatalog {
    /// Every code CompetencyKit reports. Publishing sees every module that reports codes,
    /// so the catalog is put together here, once; each family's codes stay declared beside
    /// the checks that report them.
    public static let all = DiagnosticCatalog(
        DiagnosticCode.descriptors
            + FrameworkRules.descriptors
            + EditionCode.descriptors
            + SheetCode.descriptors
            + CASECode.descriptors
            + RebaseCode.descriptors)
}
