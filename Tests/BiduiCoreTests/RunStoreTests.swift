import Foundation
import GRDB
import Testing
import TestSupport
@testable import BiduiCore

@Suite struct RunStoreTests {
    func run(_ stage: StageName, finishedAt: String) -> StageRun {
        StageRun(stage: stage.rawValue, stamp: UUID().uuidString, startedAt: finishedAt, finishedAt: finishedAt,
                 durationSeconds: 1, rowsIn: 1, rowsOut: 1, configDigest: "c", upstreamStamp: nil,
                 programVersion: BiduiVersion.current, staleReason: nil, summary: nil)
    }

    @Test func runDirectoryAndStoreAreOwnerOnly() throws {
        let folder = try TemporaryFolder()
        let directory = folder.url.appendingPathComponent("runs/sample")
        let store = try RunStore(directory: directory)
        let directoryMode = try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int
        let storeMode = try FileManager.default.attributesOfItem(atPath: store.databasePath)[.posixPermissions] as? Int
        #expect(directoryMode == 0o700)
        #expect(storeMode == 0o600)
    }

    @Test func rerunningAStageMarksLaterStagesStale() throws {
        let folder = try TemporaryFolder()
        let store = try RunStore(directory: folder.url)
        try store.database.write { db in
            try RunStore.recordStage(run(.ingest, finishedAt: "t1"), inputs: [], in: db)
            try RunStore.recordStage(run(.normalize, finishedAt: "t2"), inputs: [], in: db)
        }
        #expect(try store.stageRun(.normalize)?.staleReason == nil)
        _ = try store.requireFresh(.ingest, for: .normalize, pipeline: "p.yaml")

        try store.database.write { db in
            try RunStore.recordStage(run(.ingest, finishedAt: "t3"), inputs: [
                StageInput(stage: .ingest, kind: "file", name: "a.csv", size: 10, sha256: "ab"),
            ], in: db)
        }
        #expect(try store.stageRun(.normalize)?.staleReason == "ingest re-ran at t3")
        #expect(throws: RunStoreError.self) { try store.requireFresh(.normalize, for: .match, pipeline: "p.yaml") }
        do {
            _ = try store.requireFresh(.normalize, for: .match, pipeline: "p.yaml")
        } catch {
            #expect("\(error)".contains("run `bidui normalize p.yaml --run-dir"))
        }
        let inputs = try store.database.read { try StageInput.fetchAll($0) }
        #expect(inputs.map(\.name) == ["a.csv"])
    }

    @Test func missingUpstreamSaysWhichCommandToRun() throws {
        let folder = try TemporaryFolder()
        let store = try RunStore(directory: folder.url)
        do {
            _ = try store.requireFresh(.ingest, for: .normalize, pipeline: "pipelines/sample.yaml")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("normalize needs the results of ingest, which has not run in this run directory; run `bidui ingest pipelines/sample.yaml --run-dir"))
        }
    }

    @Test func atomicWriteLeavesNoTemporaryFileAndIsOwnerOnly() throws {
        let folder = try TemporaryFolder()
        let target = folder.url.appendingPathComponent("report.json")
        try RunDirectory.writeAtomically(Data("{}".utf8), to: target)
        try RunDirectory.writeAtomically(Data("{\"a\":1}".utf8), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "{\"a\":1}")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["report.json"])
        #expect(try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int == 0o600)
    }
}
