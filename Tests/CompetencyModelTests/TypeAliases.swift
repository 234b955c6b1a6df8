import CompetencyModel

/// Swift Testing also declares `SourceLocation`; in these tests the name means the model's.
typealias SourceLocation = CompetencyModel.SourceLocation
