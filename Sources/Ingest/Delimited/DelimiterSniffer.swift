/// Picks the delimiter of a text file from its first lines: the candidate that splits the most
/// lines into the same number of cells. Quoted text is ignored, so commas inside names don't count.
enum DelimiterSniffer {
    static let candidates: [UInt8] = [0x2C, 0x09, 0x3B, 0x7C]  // , tab ; |

    static func sniff(_ sample: [UInt8], maximumLines: Int = 30) -> UInt8 {
        var best: (delimiter: UInt8, score: Int) = (0x2C, 0)
        for delimiter in candidates {
            var counts: [Int] = []
            var current = 0
            var inQuotes = false
            for b in sample {
                if b == 0x22 { inQuotes.toggle(); continue }
                if inQuotes { continue }
                if b == delimiter { current += 1 }
                if b == 0x0A {
                    counts.append(current)
                    current = 0
                    if counts.count >= maximumLines { break }
                }
            }
            if counts.count < maximumLines && current > 0 { counts.append(current) }
            var frequency: [Int: Int] = [:]
            for c in counts where c > 0 { frequency[c, default: 0] += 1 }
            guard let (cells, lines) = frequency.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            let score = lines * 1000 + cells
            if score > best.score { best = (delimiter, score) }
        }
        return best.delimiter
    }
}
