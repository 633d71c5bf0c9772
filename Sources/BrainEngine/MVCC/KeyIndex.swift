import Foundation
import StoreCore

/// The ordered key space: every key still in history with its ``KeyHistory``.
///
/// Keys live in sorted chunks of bounded size, so an insert moves at most one chunk's elements and
/// a range read walks contiguous arrays. A snapshot is a cheap copy: chunks are copy-on-write.
struct KeyIndex: Sendable {
    private struct Chunk: Sendable {
        var keys: [Data]
        var histories: [KeyHistory]
    }

    private static let maxChunkSize = 512
    private var chunks: [Chunk] = []
    /// The number of keys in the index (live or tombstoned).
    private(set) var count = 0

    /// A position in the index.
    struct Position: Sendable {
        var chunk: Int
        var slot: Int
    }

    /// The first position whose key is not less than `key`.
    private func lowerBound(_ key: Data) -> Position {
        var low = 0
        var high = chunks.count
        while low < high {
            let mid = (low + high) / 2
            if KeyOrder.less(chunks[mid].keys[chunks[mid].keys.count - 1], key) { low = mid + 1 } else { high = mid }
        }
        guard low < chunks.count else { return Position(chunk: chunks.count, slot: 0) }
        let keys = chunks[low].keys
        var left = 0
        var right = keys.count
        while left < right {
            let mid = (left + right) / 2
            if KeyOrder.less(keys[mid], key) { left = mid + 1 } else { right = mid }
        }
        return Position(chunk: low, slot: left)
    }

    private func isValid(_ position: Position) -> Bool {
        position.chunk < chunks.count
    }

    private func position(of key: Data) -> Position? {
        let position = lowerBound(key)
        guard isValid(position), chunks[position.chunk].keys[position.slot] == key else { return nil }
        return position
    }

    /// The history of `key`, if the key is in the index.
    func history(of key: Data) -> KeyHistory? {
        guard let position = position(of: key) else { return nil }
        return chunks[position.chunk].histories[position.slot]
    }

    /// Changes the history of `key` in place, inserting the key when `create` supplies a first one.
    /// Removes the key when `body` leaves the history empty.
    mutating func update(_ key: Data, create: () -> KeyHistory?, _ body: (inout KeyHistory) -> Void) {
        let position = lowerBound(key)
        if isValid(position) && chunks[position.chunk].keys[position.slot] == key {
            body(&chunks[position.chunk].histories[position.slot])
            if chunks[position.chunk].histories[position.slot].entries.isEmpty { remove(at: position) }
            return
        }
        guard let history = create() else { return }
        insert(key, history, at: position)
    }

    private mutating func insert(_ key: Data, _ history: KeyHistory, at position: Position) {
        count += 1
        if chunks.isEmpty {
            chunks.append(Chunk(keys: [key], histories: [history]))
            return
        }
        // Past the last key: append to the last chunk.
        var target = position
        if target.chunk == chunks.count {
            target = Position(chunk: chunks.count - 1, slot: chunks[chunks.count - 1].keys.count)
        }
        chunks[target.chunk].keys.insert(key, at: target.slot)
        chunks[target.chunk].histories.insert(history, at: target.slot)
        if chunks[target.chunk].keys.count > Self.maxChunkSize { split(target.chunk) }
    }

    private mutating func split(_ index: Int) {
        let half = chunks[index].keys.count / 2
        let upper = Chunk(
            keys: Array(chunks[index].keys[half...]),
            histories: Array(chunks[index].histories[half...])
        )
        chunks[index].keys.removeSubrange(half...)
        chunks[index].histories.removeSubrange(half...)
        chunks.insert(upper, at: index + 1)
    }

    private mutating func remove(at position: Position) {
        count -= 1
        chunks[position.chunk].keys.remove(at: position.slot)
        chunks[position.chunk].histories.remove(at: position.slot)
        if chunks[position.chunk].keys.isEmpty { chunks.remove(at: position.chunk) }
    }

    /// Visits the keys of `range` in order until `body` returns false.
    func forEach(in range: KeyRange, _ body: (Data, KeyHistory) -> Bool) {
        if range.isSingleKey {
            if let history = history(of: range.start) { _ = body(range.start, history) }
            return
        }
        if range.isEmpty { return }
        var position = lowerBound(range.start)
        let bounded = !range.isOpenEnded
        while position.chunk < chunks.count {
            let chunk = chunks[position.chunk]
            while position.slot < chunk.keys.count {
                let key = chunk.keys[position.slot]
                if bounded && !KeyOrder.less(key, range.end) { return }
                if !body(key, chunk.histories[position.slot]) { return }
                position.slot += 1
            }
            position = Position(chunk: position.chunk + 1, slot: 0)
        }
    }

    /// Visits every key in order.
    func forEach(_ body: (Data, KeyHistory) -> Void) {
        for chunk in chunks {
            for slot in chunk.keys.indices { body(chunk.keys[slot], chunk.histories[slot]) }
        }
    }
}
