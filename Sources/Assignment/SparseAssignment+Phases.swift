// MARK: - Phases: many rows placed per search

/// One step of the depth-first search over tight edges: a row trying its candidates in turn
/// (`cursor` is the next edge; `rowStart[row + 1]` means its unmatched option is next), or a
/// full column trying the rows it holds (`cursor` is the next slot).
struct Frame {
    var node: Int32
    var isColumn: Bool
    var cursor: Int
}

extension Solver {
    /// Places every row of `waiting` in phases. Each phase runs one Dijkstra from all the rows
    /// still waiting (each at distance zero: their reduced costs are non-negative), stops at the
    /// first option with room, at distance `shortest`, and moves the potentials as a single
    /// search would, so that every path of length `shortest` now has reduced cost zero. Then a
    /// depth-first search over edges of reduced cost zero places the waiting rows it can. Each
    /// phase places at least one row: the one the shortest path starts from.
    mutating func runPhases(_ waiting: [Int]) {
        var waiting = waiting
        while !waiting.isEmpty {
            startSearch()
            for row in waiting { scan(row, base: 0) }
            // Every waiting row's own unmatched option was labelled, so a place is always found.
            guard let (_, shortest) = nearestRoom(budget: Int.max) else { return }
            for row in waiting { u[row] += shortest }
            updatePotentials(shortest: shortest)
            // Paths found in one pass block each other (a column is entered once a pass), so
            // search again while a pass places someone: cheaper than another Dijkstra.
            let atStart = waiting.count
            var before: Int
            repeat {
                before = waiting.count
                phase &+= 1
                waiting = waiting.filter { !placeAlongTightPath($0) }
            } while waiting.count < before && !waiting.isEmpty
            // A phase always places the row its shortest path starts from; should one ever place
            // nobody, finish with one unbounded search per row rather than loop.
            if waiting.count == atStart {
                for row in waiting { augment(from: row, budget: Int.max) }
                return
            }
        }
    }

    /// Whether the edge from `row` to `column` (or to the row's unmatched option when `column`
    /// is `columns + row`) has reduced cost zero.
    @inline(__always)
    func isTight(_ row: Int, _ column: Int, cost: Int) -> Bool {
        cost - u[row] - v[column] == 0
    }

    /// Looks for a path of reduced cost zero from `source` to an option with room, through
    /// full columns not yet entered in this phase, and moves every row along it; returns
    /// whether it found one. Columns entered stay marked, so a phase does each column's work once.
    mutating func placeAlongTightPath(_ source: Int) -> Bool {
        stack.removeAll(keepingCapacity: true)
        stack.append(Frame(node: Int32(source), isColumn: false, cursor: rowStart[source]))
        while let top = stack.last {
            let position = stack.count - 1
            let node = Int(top.node)
            if top.isColumn {
                // A full column hands the search to each row it holds.
                let slot = slotStart[node] + top.cursor
                guard top.cursor < held[node] else {
                    stack.removeLast()
                    continue
                }
                stack[position].cursor += 1
                let row = Int(slots[slot])
                stack.append(Frame(node: Int32(row), isColumn: false, cursor: rowStart[row]))
                continue
            }
            let row = node
            let end = rowStart[row + 1]
            if top.cursor > end {
                stack.removeLast()
                continue
            }
            stack[position].cursor += 1
            if top.cursor == end {
                if isTight(row, columns + row, cost: unmatched[row]) {
                    moveAlongStack(into: columns + row)
                    return true
                }
                continue
            }
            let column = Int(edgeColumn[top.cursor])
            guard visitEpoch[column] != phase, isTight(row, column, cost: edgeCost[top.cursor]) else { continue }
            if held[column] < capacity[column] {
                moveAlongStack(into: column)
                return true
            }
            visitEpoch[column] = phase
            stack.append(Frame(node: Int32(column), isColumn: true, cursor: 0))
        }
        return false
    }

    /// The stack holds row, column, row, ..., row: each row moves into the column after it, the
    /// last into `sink`; the first row had no place yet.
    mutating func moveAlongStack(into sink: Int) {
        var target = sink
        var index = stack.count - 1
        while index >= 0 {
            let row = Int(stack[index].node)
            if index > 0 {
                let current = Int(stack[index - 1].node)
                release(row, from: current)
                hold(row, in: target)
                target = current
            } else {
                hold(row, in: target)
            }
            index -= 2
        }
    }
}
