// README.txt of an evidence bundle: what it holds and how anyone can check it. The title and
// a recording's path are shown with their invisible characters visible, so a line break in
// them cannot start a line that passes for one of the README's own.
import type { CeremonyState } from '../../draw-core/ceremony.ts';
import { visibleText } from '../../draw-core/display-text.ts';

export function bundleReadme(s: CeremonyState): string {
  const c = s.ceremony!;
  const p = s.package!;
  return `${visibleText(p.title)}
期号 Period: ${p.period}${c.rehearsal ? '\n*** 演练 REHEARSAL — 非正式摇号结果 / not the result of a real draw ***' : ''}
仪式编号 Ceremony: ${c.ceremonyId}
封存摘要 Seal digest: ${p.sealDigest}
摇号号码 Balls (seed): ${s.seed}
主种子 Master seed: ${s.results!.masterSeed}
${s.recordings.map((r) => `录像 Recording: ${visibleText(r.path)} · ${r.bytes} bytes · ${(r.durationMs / 1000).toFixed(1)} s · SHA-256 ${r.sha256}
`).join('')}
本证据包 / This evidence bundle
  package/        导入的封存数据包 / the sealed package as imported
  results/        各池结果（摇号规范 draw-v1 第 5 节）与 results.json / each pool's result (spec draw-v1 §5) and results.json
  journal.jsonl   仪式日志，哈希链，每行一条规范 JSON 记录 / the ceremony journal, hash-chained, one canonical JSON record a line
  report.pdf      主持人与公证员签字的报告；其上的证据摘要 = grep -v '  report.pdf$' SHA256SUMS | sha256sum
                  the report host and notary sign; its evidence digest = grep -v '  report.pdf$' SHA256SUMS | sha256sum
  SHA256SUMS      以上每个文件的 SHA-256 / the SHA-256 of every file above

如何核验 / How to verify
  1. sha256sum -c SHA256SUMS
     每个文件都应为 OK / every file should be OK.
  2. draw verify <本目录 this folder>
     核对 SHA256SUMS、日志哈希链、数据包封存摘要、球号与确认的种子，并重新计算每个池的结果；
     输出 verified 即一致。
     Checks SHA256SUMS, the journal's hash chain, the package against the journaled seal digest,
     the balls against the confirmed seed, and recomputes every pool's results; "verified" means all agree.
  3. 也可依公开的摇号规范 draw-v1 自行实现计算：以 package/ 与上述球号为输入，结果应逐字节相同。
     Or implement the published spec draw-v1 yourself: from package/ and the balls above, the results
     must be byte-identical.
`;
}
