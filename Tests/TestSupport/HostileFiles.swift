import Foundation

/// Hostile spreadsheet files (zip bombs, DTDs, columns past XFD…), written at test time by a small
/// Python script with its own ZIP writer, so a test controls every byte: declared sizes, CRCs, entries.
public enum HostileFiles {
    /// The kinds `make` writes (see the script): each an XLSX with one sheet unless its name says otherwise.
    public enum Kind: String, CaseIterable, Sendable {
        /// 姓名, 身份证号 and one person: the good neighbour.
        case goodWorkbook = "good"
        case headerOnly = "header_only"
        /// A header of 16,384 columns (姓名, 身份证号, then 列3…列16384) and two people.
        case wideSheet = "wide"
        /// Two people, one of them with a cell at XFE (past Excel's last column) and one at AAAA.
        case beyondXFD = "beyond_xfd"
        /// sheet1.xml inflates to 3.9 GB of empty rows from about 4 MB (ratio ~1000).
        case sheetBomb = "sheet_bomb"
        /// sharedStrings.xml inflates to 3.9 GB of one-letter strings.
        case sharedStringsBomb = "shared_bomb"
        /// sheet1.xml declares 1,000 bytes in the ZIP directory and inflates to about 4 MB.
        case declaredSizeLie = "declared_lie"
        /// 100,001 (empty) entries.
        case manyEntries = "many_entries"
        /// Billion laughs in xl/workbook.xml.
        case workbookBillionLaughs = "dtd_workbook"
        /// An external entity (file:///etc/passwd) in xl/sharedStrings.xml.
        case sharedStringsXXE = "dtd_shared"
        /// Billion laughs in the worksheet, used in a cell.
        case sheetBillionLaughs = "dtd_sheet"
        /// A byte 0xFF inside a cell's text (not UTF-8).
        case invalidUTF8 = "invalid_utf8"
        /// A NUL byte inside a cell's text (not allowed in XML).
        case nulByte = "nul"
        /// One cell of 2 MiB text in the second person's row.
        case hugeCell = "huge_cell"
    }

    /// Writes `kind` at `url`; throws when Python fails.
    public static func make(_ kind: Kind, at url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, kind.rawValue, url.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "making \(kind.rawValue): " + String(decoding: message, as: UTF8.self)])
        }
    }

    static let script = #"""
import struct, sys, zlib

kind, path = sys.argv[1], sys.argv[2]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
WORKBOOK = '<?xml version="1.0" encoding="UTF-8"?><workbook ' + NS + '><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">' + ''.join(
    '<!ENTITY lol%d "%s">' % (i, ('&lol%d;' % (i - 1) if i > 1 else '&lol;') * 10) for i in range(1, 10)) + ']>')

def col(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

def cell(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)

def row(n, cells):
    return '<row r="%d">%s</row>' % (n, ''.join(cells))

HEADER = row(1, [cell('A1', '姓名'), cell('B1', '身份证号')])
PERSON = row(2, [cell('A2', '张三'), cell('B2', '420102199001011234')])
def sheet(rows, prolog=''):
    return '<?xml version="1.0" encoding="UTF-8"?>' + prolog + '<worksheet ' + NS + '><sheetData>' + rows + '</sheetData></worksheet>'

def deflate(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()

class Entry:
    def __init__(self, name, data=None, raw=None, crc=None, size=None):
        if isinstance(data, str): data = data.encode('utf-8')
        self.name = name.encode()
        self.raw = raw if raw is not None else deflate(data)
        self.crc = crc if crc is not None else zlib.crc32(data)
        self.size = size if size is not None else len(data)

def write_zip(entries):
    with open(path, 'wb') as f:
        records = []
        for e in entries:
            offset = f.tell()
            f.write(struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0, e.crc, len(e.raw), e.size, len(e.name), 0) + e.name)
            f.write(e.raw)
            records.append(struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0, e.crc, len(e.raw), e.size,
                                     len(e.name), 0, 0, 0, 0, 0, offset) + e.name)
        directory = b''.join(records)
        start = f.tell()
        f.write(directory)
        n = len(entries)
        if n >= 0xFFFF:  # ZIP64 end record and locator: the 16-bit count cannot say more
            record = f.tell()
            f.write(struct.pack('<IQHHIIQQQQ', 0x06064b50, 44, 45, 45, 0, 0, n, n, len(directory), start))
            f.write(struct.pack('<IIQI', 0x07064b50, 0, record, 1))
            n = 0xFFFF
        f.write(struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, n, n, len(directory), start, 0))

def workbook(sheet_xml=None, shared=None, book=WORKBOOK, extra=()):
    entries = [Entry('xl/workbook.xml', book), Entry('xl/_rels/workbook.xml.rels', RELS)]
    if shared is not None: entries.append(shared if isinstance(shared, Entry) else Entry('xl/sharedStrings.xml', shared))
    entries.append(sheet_xml if isinstance(sheet_xml, Entry) else Entry('xl/worksheets/sheet1.xml', sheet_xml))
    write_zip(entries + list(extra))

# zlib's crc32_combine, so the CRC of gigabytes of one repeated chunk costs no pass over them.
def gf2_times(mat, vec):
    s = 0; i = 0
    while vec:
        if vec & 1: s ^= mat[i]
        vec >>= 1; i += 1
    return s
def gf2_square(mat): return [gf2_times(mat, mat[n]) for n in range(32)]
def crc32_combine(crc1, crc2, len2):
    if len2 == 0: return crc1
    odd = [0xedb88320] + [1 << n for n in range(31)]
    even = gf2_square(odd)
    odd = gf2_square(even)
    while True:
        even = gf2_square(odd)
        if len2 & 1: crc1 = gf2_times(even, crc1)
        len2 >>= 1
        if not len2: break
        odd = gf2_square(even)
        if len2 & 1: crc1 = gf2_times(odd, crc1)
        len2 >>= 1
        if not len2: break
    return crc1 ^ crc2
def crc32_repeated(chunk, count):
    result, power, plen = 0, zlib.crc32(chunk), len(chunk)
    while count:
        if count & 1: result = crc32_combine(result, power, plen)
        power = crc32_combine(power, power, plen); plen *= 2; count >>= 1
    return result

def bomb(name, head, unit, tail, total):
    """An entry whose text is head + unit repeated to about `total` bytes + tail, deflated by
    repeating one fully flushed block: a few MB on disk, gigabytes inflated."""
    chunk = unit * max(1, (1 << 20) // len(unit))
    count = total // len(chunk)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    crc = crc32_combine(zlib.crc32(head), crc32_repeated(chunk, count), count * len(chunk))
    crc = zlib.crc32(tail, crc)
    size = len(head) + count * len(chunk) + len(tail)
    return Entry(name, raw=first + block * count + last, crc=crc, size=size)

GB39 = 3900 * 1000 * 1000  # below 4 GiB: no ZIP64 needed
if kind == 'good':
    workbook(sheet(HEADER + PERSON))
elif kind == 'header_only':
    workbook(sheet(HEADER))
elif kind == 'wide':
    header = [cell('A1', '姓名'), cell('B1', '身份证号')] + [cell(col(i) + '1', '列%d' % (i + 1)) for i in range(2, 16384)]
    people = [row(2, [cell('A2', '张三'), cell('B2', '420102199001011234'), cell('XFD2', '末列')]),
              row(3, [cell('A3', '李四'), cell('B3', '420102199001015678')])]
    workbook(sheet(row(1, header) + ''.join(people)))
elif kind == 'beyond_xfd':
    rows = (HEADER + PERSON + row(3, [cell('A3', '李四'), cell('B3', '420102199001015678'), cell('XFE3', 'x')])
            + row(4, [cell('A4', '王五'), cell('B4', '420102199001019999'), cell('AAAA4', 'x')]))
    workbook(sheet(rows))
elif kind == 'sheet_bomb':
    head = sheet(HEADER + PERSON).split('</sheetData>')[0].encode()
    workbook(bomb('xl/worksheets/sheet1.xml', head, b'<row></row>', b'</sheetData></worksheet>', GB39))
elif kind == 'shared_bomb':
    head = ('<?xml version="1.0" encoding="UTF-8"?><sst ' + NS + '><si><t>姓名</t></si><si><t>身份证号</t></si>').encode()
    shared = bomb('xl/sharedStrings.xml', head, b'<si><t>a</t></si>', b'</sst>', GB39)
    workbook(sheet(HEADER + PERSON), shared=shared)
elif kind == 'declared_lie':
    rows = HEADER + ''.join(row(n, [cell('A%d' % n, '张三'), cell('B%d' % n, '420102199001011234')]) for n in range(2, 40000))
    data = sheet(rows).encode()
    workbook(Entry('xl/worksheets/sheet1.xml', raw=deflate(data), crc=zlib.crc32(data), size=1000))
elif kind == 'many_entries':
    workbook(sheet(HEADER + PERSON), extra=[Entry('xl/media/e%d' % i, raw=b'\x03\x00', crc=0, size=0) for i in range(100001)])
elif kind == 'dtd_workbook':
    book = WORKBOOK.replace('<workbook', LAUGHS + '<workbook', 1).replace('name="Sheet1"', 'name="&lol9;"')
    workbook(sheet(HEADER + PERSON), book=book)
elif kind == 'dtd_shared':
    shared = ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst ' + NS
              + '><si><t>&xxe;</t></si></sst>')
    workbook(sheet(HEADER + row(2, ['<c r="A2" t="s"><v>0</v></c>', cell('B2', '420102199001011234')])), shared=shared)
elif kind == 'dtd_sheet':
    workbook(sheet(HEADER + row(2, [cell('A2', '&lol9;'), cell('B2', '420102199001011234')]), prolog=LAUGHS))
elif kind == 'invalid_utf8':
    data = sheet(HEADER + PERSON).encode().replace('张三'.encode(), b'\xff\xfe')
    workbook(Entry('xl/worksheets/sheet1.xml', data))
elif kind == 'nul':
    data = sheet(HEADER + PERSON).encode().replace('张三'.encode(), '张\0三'.encode())
    workbook(Entry('xl/worksheets/sheet1.xml', data))
elif kind == 'huge_cell':
    rows = HEADER + PERSON + row(3, [cell('A3', '李' * (700 * 1024)), cell('B3', '420102199001015678')])
    workbook(sheet(rows))
else:
    sys.exit('unknown kind ' + kind)
"""#
}
