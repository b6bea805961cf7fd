// README.txt of an evidence bundle: what it is, the three ways anyone can check it with only
// the bundle, the evidence digest, and what each file is. The title and a recording's path are
// shown with their invisible characters visible, so a line break in them cannot start a line
// that passes for one of the README's own.
import type { CeremonyState } from '../../draw-core/ceremony.ts';
import { visibleText } from '../../draw-core/display-text.ts';

export function bundleReadme(s: CeremonyState): string {
  const c = s.ceremony!;
  const p = s.package!;
  return `${visibleText(p.title)}
期号 Period: ${p.period}
${c.rehearsal ? '*** 演练 REHEARSAL — 非正式摇号结果 / not the result of a real draw ***' : '正式摇号 Real draw'}
仪式编号 Ceremony: ${c.ceremonyId}
封存摘要 Seal digest: ${p.sealDigest}
种子（球号） Seed (the balls): ${s.seed}
主种子 Master seed: ${s.results!.masterSeed}
${s.recordings.map((r) => `录像 Recording: ${visibleText(r.path)} · ${r.bytes} bytes · ${(r.durationMs / 1000).toFixed(1)} s · SHA-256 ${r.sha256}
`).join('')}
这是什么 / What this is
  本文件夹是一场摇号仪式的证据包：导入的封存数据包、仪式的完整记录（日志）、各池结果、
  主持人与公证员签字的报告、发布的公告，以及摇号规范和两个离线核验工具。
  任何人只凭本文件夹，在不联网的电脑上，就能核验这次摇号。
  This folder is the evidence bundle of one draw ceremony: the sealed package as imported,
  the whole record of the ceremony (the journal), each pool's results, the report the host
  and the notary sign, the published announcement, and the draw's spec with two offline
  verifiers. Anyone can check the draw with this folder alone, on a computer with no network.

如何核验（三种方式，任选其一，每种都检查全部内容）
How to verify (three ways; each checks everything, any one is enough)
  1. 浏览器：打开 verify/verify.html（双击即可，不联网），选择本文件夹或它的 .zip。
     In a browser: open verify/verify.html (double-click it; it uses no network) and pick
     this folder or its .zip.
  2. Python 3（只用标准库）：在本文件夹中运行
     With Python 3 (standard library only), in this folder:
         python3 verify/draw_verify.py .
  3. 用本项目的命令行（须安装本项目与 Node.js）：
     With this project's command line (needs the project and Node.js):
         draw verify .
  每种方式都逐项说明检查了什么：SHA256SUMS；日志的哈希链与每个事件；数据包与封存摘要；
  球号与确认的种子；依摇号规范重新计算的每个池的结果；发布的 GBK 文件与公告中的数据。
  最后给出结论，并打印证据摘要。也可依 spec/ 中的规范自行编写核验程序。
  Each says what it checked: SHA256SUMS; the journal's hash chain and every event; the
  package against its seal digest; the balls against the confirmed seed; every pool's
  results recomputed by the spec; the published GBK files and the announcement's data.
  Then it gives the verdict and prints the evidence digest. Or write a verifier of your own
  from the spec in spec/.

证据摘要 / The evidence digest
  SHA256SUMS 列出其余每个文件的 SHA-256；证据摘要是去掉 report.pdf 那一行后 SHA256SUMS 的 SHA-256：
  SHA256SUMS lists the SHA-256 of every other file; the evidence digest is the SHA-256 of
  SHA256SUMS without the line of report.pdf:
         grep -v '^[0-9a-f]\\{64\\}  report\\.pdf$' SHA256SUMS | sha256sum
  它印在公证员签字的纸质报告上（文字与二维码），封存时也显示在大屏与直播中；上面三种方式都打印它。
  两者相同，即本证据包正是公证员签字时的那一份。本文件夹中的 report.pdf 不在证据摘要之内，
  可被替换，它本身不能证明什么：请与签字的纸质报告比对。
  It is printed on the paper report the notary signed (as text and as a QR code) and was shown
  on the stage and the livestream at sealing; each of the three ways above prints it: when the
  two are the same, this bundle is the one the notary signed for. report.pdf in this folder is
  outside the evidence digest and could be replaced: it proves nothing by itself; compare with
  the signed paper.

本证据包的文件 / The files of this bundle
  package/                  导入的封存数据包（manifest.json 与各池编码文件）
                            the sealed package as imported (manifest.json and each pool's codes)
  results/<池 pool>.csv     各池结果（摇号规范 draw-v1 第 5 节）/ each pool's results (spec draw-v1 §5)
  results/results.json      结果摘要 / the results summary
  journal.jsonl             仪式日志：哈希链，每行一条规范 JSON 记录
                            the ceremony journal: hash-chained, one canonical JSON record a line
  operations.jsonl          运行日志（PIN 尝试、拒绝的请求、连接变化等）
                            the operational log (PIN attempts, refused requests, link changes, ...)
  report.pdf                报告的电子版，印有证据摘要；作数的是签字的纸质版
                            the report as printed for signing, with the evidence digest; the signed paper is what counts
  announcement.html         摇号结果公告：离线网页，可查询自己的编码
                            the public announcement: an offline page to look up one's code
  announcement.pdf          公告的 PDF，供打印张贴 / the announcement as a PDF, to print and post
  publication/gbk/<池 pool>.csv  GBK 编码的结果，供管理系统导入 / the results in GBK, for management systems
  spec/draw-v1.md           摇号规范 / the draw spec
  spec/ball-machine-protocol.md  摇号机协议 / the ball-machine protocol
  spec/evidence-bundle.md   证据包的格式与核验方法 / the evidence bundle and how to check it
  verify/verify.html        浏览器核验页 / the verifier for a browser
  verify/draw_verify.py     Python 核验程序 / the verifier in Python
  README.txt                本文件 / this file
  SHA256SUMS                以上每个文件的 SHA-256；sha256sum -c SHA256SUMS 逐一核对
                            the SHA-256 of every file above; sha256sum -c SHA256SUMS checks each
`;
}
