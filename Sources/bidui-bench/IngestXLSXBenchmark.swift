import ArgumentParser
import Foundation
import Ingest

/// Times `bidui-ingest` on a 20-column XLSX sheet written by xlsxwriter (PyPI) in constant-memory
/// mode (inline strings), and on a smaller one with shared strings; reports where the time goes.
struct IngestXLSXBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest-xlsx", abstract: "Time XLSX ingest (inflate + XML + store) and its phases.")

    @Option(help: "Rows of the inline-string sheet.")
    var rows: Int = 1_000_000

    @Option(help: "Rows of the shared-string sheet.")
    var sharedRows: Int = 200_000

    @OptionGroup var common: BenchOptions

    func run() throws {
        let folder = try IngestMeasurement.prepare(common.workDirectory)
        let measurement = IngestMeasurement(folder: folder, runs: common.runs)
        for (count, mode) in [(rows, "inline"), (sharedRows, "shared")] {
            let file = folder.appendingPathComponent("enrollment-\(count)-\(mode).xlsx")
            if !FileManager.default.fileExists(atPath: file.path) {
                try XLSXBenchmarkData.write(rows: count, sharedStrings: mode == "shared", to: file)
            }
            let median = try measurement.measure(file, rows: count, note: "   (\(mode) strings)")
            var inflate: [Double] = [], parse: [Double] = []
            var xmlBytes: Int64 = 0
            for _ in 0..<max(1, common.runs / 2) {
                let phases = try XLSXPhaseTiming.measure(file)
                inflate.append(phases.inflateSeconds)
                parse.append(phases.inflateAndParseSeconds)
                xmlBytes = phases.uncompressedBytes
            }
            let inflateMedian = Statistics.median(inflate), parseMedian = Statistics.median(parse)
            print(String(format: "    one core, in sequence: inflate %.2f s (%.0f MiB of sheet XML), libxml2 SAX parse %.2f s; "
                         + "the whole ingest on both cores: %.2f s", inflateMedian, Double(xmlBytes) / 1_048_576,
                         parseMedian - inflateMedian, median))
        }
    }
}

/// Writes the benchmark workbooks with xlsxwriter (an independent writer from PyPI).
enum XLSXBenchmarkData {
    static let script = #"""
import sys, random, xlsxwriter
rows, shared, path = int(sys.argv[1]), sys.argv[2] == "shared", sys.argv[3]
wb = xlsxwriter.Workbook(path, {"constant_memory": not shared})
ws = wb.add_worksheet("学籍")
header = ["学校标识码","学校名称","年级","班级","姓名","性别","出生日期","民族","身份证件号","全国学籍号",
          "学籍状态","监护人","监护人身份证号","县(市、区)","乡(镇)","行政村","户编号","联系电话","家庭住址","备注"]
ws.write_row(0, 0, header)
rnd = random.Random(7)
W = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
def idn(y, m, d, s):
    body = "421126%04d%02d%02d%03d" % (y, m, d, s)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]
sur = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
giv = ["伟","芳","娜","敏","静","丽","强","磊","军","洋","子涵","浩然","欣怡","梓萱","宇轩"]
schools = ["蕲春县第%d小学" % i for i in range(1, 60)]
for r in range(1, rows + 1):
    y, m, d, s = 2008 + rnd.randrange(12), 1 + rnd.randrange(12), 1 + rnd.randrange(28), rnd.randrange(1000)
    i = idn(y, m, d, s)
    ws.write_row(r, 0, [str(4211260000 + r % 500), schools[r % len(schools)], "三年级", "2班",
        rnd.choice(sur) + rnd.choice(giv), "男" if s % 2 else "女", "%d-%02d-%02d" % (y, m, d), "汉族", i, "G" + i,
        "在读", rnd.choice(sur) + rnd.choice(giv), idn(1980, 1, 1, s), "蕲春县", "漕河镇", "张塝村",
        "42112600%05d" % (r % 100000), "1380000%04d" % (r % 10000), "湖北省蕲春县漕河镇张塝村%d组" % (r % 12), ""])
wb.close()
"""#

    static func write(rows: Int, sharedStrings: Bool, to url: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, "\(rows)", sharedStrings ? "shared" : "inline", url.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("writing \(url.lastPathComponent) with xlsxwriter failed; install it with `pip install xlsxwriter`")
        }
    }
}
