import CompetencyModel
import Foundation
import FrameworkLoading

/// One run's frameworks and profiles, each read and parsed once however many editions,
/// reports, packages and workbooks need it. Concurrent requests for a file being read wait
/// for that one read.
public final class InputCache: @unchecked Sendable {
    // @unchecked: every access to the tables holds `condition`.
    private let condition = NSCondition()
    private var frameworks: [String: Slot<FrameworkLoader.Result>] = [:]
    private var profiles: [String: Slot<EditionProfileLoader.Result>] = [:]

    private enum Slot<Value> {
        case reading
        case read(Result<Value, LoadFailure>)
    }

    public init() {}

    public func framework(at path: String, loader: FrameworkLoader = FrameworkLoader()) throws(LoadFailure) -> FrameworkLoader.Result {
        try value(path, in: \.frameworks) { () throws(LoadFailure) in try loader.load(contentsOf: path) }
    }

    public func profile(at path: String, loader: EditionProfileLoader) throws(LoadFailure) -> EditionProfileLoader.Result {
        try value(path, in: \.profiles) { () throws(LoadFailure) in try loader.load(contentsOf: path) }
    }

    private func value<Value>(
        _ path: String, in table: ReferenceWritableKeyPath<InputCache, [String: Slot<Value>]>,
        read: () throws(LoadFailure) -> Value
    ) throws(LoadFailure) -> Value {
        condition.lock()
        while true {
            switch self[keyPath: table][path] {
            case .read(let result)?:
                condition.unlock()
                return try result.get()
            case .reading?:
                condition.wait()
            case nil:
                self[keyPath: table][path] = .reading
                condition.unlock()
                let result: Result<Value, LoadFailure>
                do { result = .success(try read()) } catch { result = .failure(error) }
                condition.lock()
                self[keyPath: table][path] = .read(result)
                condition.broadcast()
                condition.unlock()
                return try result.get()
            }
        }
    }
}

/// Runs independent pieces of work on up to `count` threads, returning results in input
/// order whatever the scheduling, so output never depends on it. One job runs them in
/// order on the calling thread.
public struct Jobs: Sendable {
    public var count: Int

    public init(_ count: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.count = max(1, count)
    }

    public func map<Value: Sendable>(_ items: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
        guard count > 1, items > 1 else { return (0..<items).map(body) }
        let slots = Slots<Value>(count: items)
        DispatchQueue.concurrentPerform(iterations: items) { index in slots.set(index, body(index)) }
        return slots.values
    }

    /// Fixed slots filled from concurrent iterations, each written once.
    private final class Slots<Value>: @unchecked Sendable {
        // @unchecked: every access holds `lock`.
        private var storage: [Value?]
        private let lock = NSLock()

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: Value) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }

        var values: [Value] {
            lock.lock()
            defer { lock.unlock() }
            return storage.compactMap { $0 }
        }
    }
}
