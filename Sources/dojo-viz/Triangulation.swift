/// Splits a simple polygon (convex or concave, either winding) into triangles by ear clipping.
///
/// Returns indices into `points`, three per triangle. O(n²) per polygon, fine for the tens of
/// vertices a scene uses. A polygon that is not simple (self-intersecting) may leave no ear; the
/// rest is then fanned from its first vertex so something is still drawn.
func triangulate(_ points: [(x: Float, y: Float)]) -> [Int32] {
    let n = points.count
    guard n >= 3 else { return [] }
    var area: Float = 0
    for i in 0..<n {
        let a = points[i], b = points[(i + 1) % n]
        area += a.x * b.y - b.x * a.y
    }
    let orientation: Float = area >= 0 ? 1 : -1

    func cross(_ o: Int, _ a: Int, _ b: Int) -> Float {
        let (po, pa, pb) = (points[o], points[a], points[b])
        return (pa.x - po.x) * (pb.y - po.y) - (pa.y - po.y) * (pb.x - po.x)
    }
    func inside(_ p: Int, _ a: Int, _ b: Int, _ c: Int) -> Bool {
        cross(a, b, p) * orientation >= 0 && cross(b, c, p) * orientation >= 0 && cross(c, a, p) * orientation >= 0
    }

    var remaining = Array(0..<n)
    var indices: [Int32] = []
    indices.reserveCapacity((n - 2) * 3)
    var i = 0
    var sinceLastEar = 0
    while remaining.count > 3 && sinceLastEar < remaining.count {
        let count = remaining.count
        let prev = remaining[(i + count - 1) % count], curr = remaining[i % count], next = remaining[(i + 1) % count]
        var isEar = cross(prev, curr, next) * orientation > 0
        if isEar {
            for other in remaining where other != prev && other != curr && other != next {
                if inside(other, prev, curr, next) { isEar = false; break }
            }
        }
        if isEar {
            indices += [Int32(prev), Int32(curr), Int32(next)]
            remaining.remove(at: i % count)
            sinceLastEar = 0
        } else {
            i += 1
            sinceLastEar += 1
        }
        i %= remaining.count
    }
    for k in 1..<(remaining.count - 1) {
        indices += [Int32(remaining[0]), Int32(remaining[k]), Int32(remaining[k + 1])]
    }
    return indices
}
