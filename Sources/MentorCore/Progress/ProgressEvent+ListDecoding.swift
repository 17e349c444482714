import Foundation

extension EventJSON {
    /// The events of a JSON list (an export) in `bytes` (UTF-8), read `ways` shares at a time side
    /// by side, or nil when any element is not one this reader is sure of (the caller then decodes
    /// the list with `JSONDecoder`, which names each bad element).
    ///
    /// One quick pass finds where each element of the list starts and ends (strings and nesting
    /// followed, nothing decoded); the elements are then decoded in consecutive shares, one per
    /// core, exactly as ``decodeList(_:)`` decodes them, and put back in the file's order.
    public static func decodeList(_ bytes: UnsafeBufferPointer<UInt8>, ways: Int) -> [ProgressEvent]? {
        guard let elements = elements(of: bytes) else { return nil }
        let ways = max(1, min(ways, elements.count / 1024 + 1)) // small lists aren't worth a thread
        var shares = [[ProgressEvent]?](repeating: nil, count: ways)
        shares.withUnsafeMutableBufferPointer { slots in
            // The text is only read, and each share writes its own slot only.
            let (bytes, slots) = (Unchecked(bytes), Unchecked(slots))
            DispatchQueue.concurrentPerform(iterations: ways) { share in
                let bytes = bytes.value
                let range = share * elements.count / ways..<(share + 1) * elements.count / ways
                var events: [ProgressEvent] = []
                events.reserveCapacity(range.count)
                for element in elements[range] {
                    var reader = Reader(bytes: bytes)
                    reader.index = element.lowerBound
                    guard case .object(let fields)? = reader.value(depth: 1), reader.index == element.upperBound,
                        let event = event(fields)
                    else { return }
                    events.append(event)
                }
                slots.value[share] = events
            }
        }
        var events: [ProgressEvent] = []
        events.reserveCapacity(elements.count)
        for share in shares {
            guard let share else { return nil }
            events += share
        }
        return events
    }

    /// A value handed to the threads of ``decodeList(_:ways:)``, which only read it (the text) or
    /// each write their own part of it (the slots).
    private struct Unchecked<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Where each element of the JSON list in `bytes` starts and ends, or nil when the text is not
    /// a list of objects (the elements themselves are checked when they are decoded).
    static func elements(of bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>]? {
        var reader = Reader(bytes: bytes)
        reader.skipSpace()
        guard reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: "[") else { return nil }
        reader.index += 1
        var elements: [Range<Int>] = []
        reader.skipSpace()
        if reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: "]") {
            reader.index += 1
            return reader.atEnd() ? elements : nil
        }
        while true {
            guard reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: "{"), let end = objectEnd(bytes, from: reader.index)
            else {
                return nil
            }
            elements.append(reader.index..<end)
            reader.index = end
            reader.skipSpace()
            guard reader.index < bytes.count else { return nil }
            if bytes[reader.index] == UInt8(ascii: ",") {
                reader.index += 1
                reader.skipSpace()
                continue
            }
            if bytes[reader.index] == UInt8(ascii: "]") {
                reader.index += 1
                return reader.atEnd() ? elements : nil
            }
            return nil
        }
    }

    /// The index just after the object that starts at `start` (its braces and brackets matched,
    /// strings and their escapes skipped), or nil when the text ends first.
    private static func objectEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var depth = 0
        var index = start
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }
}
