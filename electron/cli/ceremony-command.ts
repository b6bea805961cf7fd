// draw ceremony: the whole ceremony without a screen, resumable at any moment. A failure of
// the ceremony service ends the command (unwrapped here, told by draw.ts through the mapper).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fail } from '../../draw-core/errors.ts';
import { MANIFEST_FILE, parseManifest } from '../../draw-core/manifest.ts';
import { packageSource } from '../node/package-files.ts';
import { isScheduledStart, NAME_MAX_LENGTH, type BallAlarm } from '../../draw-core/ceremony.ts';
import type { BallMachine } from '../../hardware/ball-machine/machine.ts';
import { DEFAULT_SERIAL, SerialBallMachine } from '../../hardware/ball-machine/serial-machine.ts';
import { DEFAULT_SCENES, ObsDirector } from '../../hardware/obs/director.ts';
import { describeFailure, failureLine } from '../contract/failures.ts';
import { unwrap } from '../node/failure.ts';
import { BallIntake } from '../service/ball-intake.ts';
import { finishRecording, followCeremony } from '../service/obs-follower.ts';
import { CeremonyService, type NotaryAuth, type ServiceOptions } from '../service/ceremony-service.ts';
import { ballFeed } from './ball-feeds.ts';
import { askPin } from './notary-prompt.ts';
import { groupsOfFour } from '../../draw-core/bundle-words.ts';
import { EXIT_HALTED, EXIT_OK, parseCommand, usageError, type Io } from './usage.ts';

/** `options` reach the ceremony service: tests pass afterCommit there, `draw` passes none. */
export async function ceremonyCommand(args: string[], io: Io, options: ServiceOptions = {}): Promise<number> {
  const { values } = parseCommand('ceremony', args, {
    package: { type: 'string' },
    state: { type: 'string' },
    out: { type: 'string' },
    rehearsal: { type: 'boolean' },
    'auto-confirm': { type: 'boolean' },
    'balls-from': { type: 'string' },
    kind: { type: 'string' },
    resolve: { type: 'string' },
    obs: { type: 'string' },
    'obs-password': { type: 'string' },
    venue: { type: 'string' },
    host: { type: 'string' },
    notary: { type: 'string' },
    'starts-at': { type: 'string' },
  }, ['package', 'state', 'out'], []);
  const resolve = values.resolve;
  if (resolve !== undefined && resolve !== 'machine-next' && resolve !== 'manual') {
    usageError('ceremony', '--resolve 须为 machine-next 或 manual', `--resolve must be machine-next or manual, got "${resolve}"`);
  }
  const rehearsal = values.rehearsal === true;
  if (values['auto-confirm'] && !rehearsal) {
    usageError('ceremony', '--auto-confirm 只能与 --rehearsal 一起使用：正式摇号须由公证员确认', '--auto-confirm needs --rehearsal: a real draw is confirmed by the notary');
  }
  const kind = values.kind ?? 'quota-allocation';
  if (kind !== 'quota-allocation' && kind !== 'representative-selection') {
    usageError('ceremony', '--kind 须为 quota-allocation 或 representative-selection', `--kind must be quota-allocation or representative-selection, got "${kind}"`);
  }
  const names = reportNames({ venue: values.venue, host: values.host, notary: values.notary });
  const scheduledStart = values['starts-at'];
  if (scheduledStart !== undefined && !isScheduledStart(scheduledStart)) {
    usageError('ceremony', `--starts-at 须为带时区的 ISO 8601 日期时间，如 2026-11-26T10:00+08:00（2000–2099 年日历上有的日子），收到 "${scheduledStart}"`,
      `--starts-at must be an ISO 8601 date and time with its offset, e.g. 2026-11-26T10:00+08:00 (a day the calendar has, 2000 to 2099), got "${scheduledStart}"`);
  }
  const pkgPath = values.package!;
  const dir = values.state!;
  const resuming = unwrap(CeremonyService.exists(dir));
  // A real draw's report is signed: who and where are journaled before the first ball, not written in afterwards.
  const missing = (['venue', 'host', 'notary'] as const).filter((o) => values[o] === undefined);
  if (!resuming && !rehearsal && missing.length > 0) {
    usageError('ceremony', `正式摇号须给出 ${missing.map((o) => `--${o}`).join('、')}：场地、主持人与公证员姓名印在签字的报告上`,
      `a real draw needs ${missing.map((o) => `--${o}`).join(', ')}: the venue and the host's and notary's names are printed on the report they sign`);
  }
  const target = values.out!;
  const say = (line: string) => io.err(line);
  const notary = async (what: string): Promise<NotaryAuth> =>
    values['auto-confirm'] ? 'rehearsal-auto' : { pin: await askPin(`公证员确认${what}，请输入 PIN / notary, confirm ${what}: PIN: `, (t) => process.stderr.write(t)) };

  const manifestBytes = packageSource(pkgPath).read(MANIFEST_FILE);
  if (!manifestBytes) fail({ file: join(pkgPath, MANIFEST_FILE) }, 'manifest-missing', '包内没有 manifest.json', 'the package has no manifest.json');
  const manifest = parseManifest(manifestBytes, join(pkgPath, MANIFEST_FILE));
  const from = values['balls-from'] ?? 'stdin';
  if (!rehearsal && from.startsWith('simulate:')) {
    usageError('ceremony', '正式摇号不能使用模拟球：--balls-from 须为 serial:端口 或 stdin', 'a real draw takes no simulated balls: --balls-from must be serial:PORT or stdin');
  }
  const serial = /^serial:(.+?)(?:@([0-9]+))?$/.exec(from);
  const feed = serial ? undefined : ballFeed(from, manifest.balls, say);

  let service: CeremonyService;
  if (resuming) {
    service = await openWithPin(dir, options);
    say(`继续仪式 / resuming ceremony ${service.state.ceremony!.ceremonyId} at ${service.state.phase} (${service.records.length} events)`);
    if (service.state.ceremony!.rehearsal !== rehearsal) {
      service.dispose();
      usageError('ceremony', `${dir} 中的仪式${rehearsal ? '是正式摇号' : '是演练'}，与 --rehearsal 不符`, `the ceremony in ${dir} is ${rehearsal ? 'a real draw' : 'a rehearsal'}; --rehearsal says otherwise`);
    }
  } else {
    const notaryPin = values['auto-confirm'] ? undefined : await setPin();
    service = unwrap(CeremonyService.create(dir, { period: manifest.period, kind, rehearsal, ...names, scheduledStart, ...(notaryPin === undefined ? {} : { notaryPin }) }, options));
    say(`新仪式 / new ceremony ${service.state.ceremony!.ceremonyId}${rehearsal ? ' (演练 REHEARSAL)' : ''}`);
  }

  const director = values.obs === undefined ? undefined
    : new ObsDirector({ url: values.obs, password: values['obs-password'], scenes: DEFAULT_SCENES });
  let unfollow = () => {};
  if (director) {
    let last = '';
    director.onStatus((st) => {
      const line = `OBS: ${st.connection}${st.reason ? ` (${st.reason})` : ''}${st.scene ? `, ${st.scene}` : ''}${st.recording ? ', recording' : ''}`;
      if (line !== last) say(line);
      last = line;
    });
    unfollow = followCeremony(service, director);
    director.start();
  }
  try {
    const s = () => service.state;
    if (!s().package) {
      unwrap(await service.importPackage(pkgPath));
    } else {
      const given = createHash('sha256').update(manifestBytes).digest('hex');
      if (given !== s().package!.sealDigest) {
        fail({ file: pkgPath }, 'package-mismatch', `此仪式导入的是封存摘要为 ${s().package!.sealDigest} 的数据包`, `this ceremony imported the package with seal digest ${s().package!.sealDigest}`);
      }
    }
    if (!s().sealDigestConfirmed) {
      say(`封存摘要 / seal digest: ${groupsOfFour(s().package!.sealDigest)}`);
      unwrap(service.confirmSealDigest(await notary('封存摘要 the seal digest')));
    }
    const total = s().package!.balls;
    if (s().alarm) {
      if (!resolve) return halted(s().alarm!, io);
      unwrap(service.resolveBallAlarm(resolve, await notary(`主持人的决定 the host's decision (${resolve})`)));
    }
    if (serial && s().seed === undefined && s().balls.length < total) {
      const settings = { ...DEFAULT_SERIAL, path: serial[1]!, baudRate: serial[2] === undefined ? DEFAULT_SERIAL.baudRate : Number(serial[2]) };
      if ((await collectFromMachine(service, new SerialBallMachine(settings), say)) === 'alarm') return halted(s().alarm!, io);
    }
    while (feed && s().seed === undefined && s().balls.length < total) {
      const n = s().balls.length + 1;
      const ball = await feed.next(n);
      if (!ball) fail({ file: '--balls-from' }, 'balls-incomplete', `只收到 ${n - 1} / ${total} 个球；用同一 --state 再次运行即可继续`, `only ${n - 1} of ${total} balls arrived; run again with the same --state to go on`);
      unwrap(service.recordBall(n, ball.digit, ball.source, ball.reading));
      say(`第 ${n} 个球 / ball ${n}: ${ball.digit}`);
    }
    if (s().seed === undefined) unwrap(service.confirmSeed(await notary(`种子 the seed ${s().balls.join('')}`)));
    if (!s().results) unwrap(service.computeResults());
    if (s().bundles.length === 0) {
      if (director) {
        const recorded = await finishRecording(service, director);
        if (!recorded.ok) say(failureLine(recorded.failure));
        else say(recorded.value ? `录像 / recording: ${recorded.value}` : 'OBS 无录像可记入证据包 / no OBS recording to put in the bundle');
      }
      unwrap(await service.writeBundle(target));
    }
    if (s().phase !== 'closed') unwrap(service.close(await notary('结束仪式 the close')));

    const state = s();
    const bundle = state.bundles.at(-1)!;
    io.out(`证据包 / bundle: ${target}`);
    io.out(`证据摘要 / evidence digest: ${groupsOfFour(bundle.evidenceDigest)}`);
    io.out(`封存摘要 / seal digest: ${state.package!.sealDigest}`);
    io.out(`种子 / seed: ${state.seed}`);
    io.out(`主种子 / master seed: ${state.results!.masterSeed}`);
    for (const p of state.results!.pools) io.out(`  ${p.id}: ${p.sha256} (中签 winners ${p.winners}, 候补 alternates ${p.alternatesDrawn})`);
    for (const r of state.recordings) io.out(`录像 / recording: ${r.path} ${r.sha256}`);
    return EXIT_OK;
  } finally {
    unfollow();
    await director?.settled(); // the closing scene is on before OBS is let go
    await director?.stop();
    feed?.close();
    service.dispose();
  }
}

/** Balls from a machine until every ball is in, or an alarm halts the draw. */
async function collectFromMachine(service: CeremonyService, machine: BallMachine, say: (line: string) => void): Promise<'complete' | 'alarm'> {
  const total = service.state.package!.balls;
  let last = '';
  machine.onStatus((st) => {
    const line = `摇号机 / machine ${st.port}: ${st.link}${st.linkReason ? ` (${st.linkReason})` : ''}${st.identity ? `, ${st.identity.vendor} ${st.identity.model} #${st.identity.serial}` : ''}${st.state ? `, ${st.state}` : ''}`;
    if (line !== last) say(line);
    last = line;
  });
  const intake = new BallIntake(service, machine, (note) => {
    const why = note.failure && describeFailure(note.failure).what;
    say(`忽略 / ignored ${note.ball.reading}: ${note.verdict}${why ? ` (${why.zh} / ${why.en})` : ''}`);
  });
  let unsubscribe = () => {};
  try {
    return await new Promise((resolve) => {
      const check = () => {
        const st = service.state;
        if (st.alarm) resolve('alarm');
        else if (st.balls.length >= total) resolve('complete');
      };
      unsubscribe = service.subscribe((st) => {
        const n = st.balls.length;
        if (!st.alarm && n > 0) say(`第 ${n} 个球 / ball ${n}: ${st.balls[n - 1]}`);
        check();
      });
      check();
      void machine.start();
    });
  } finally {
    unsubscribe();
    intake.dispose();
    await machine.stop();
    const d = machine.status.discarded;
    say(`丢弃的语句 / discarded sentences: noise ${d.noise}, badsum ${d.badsum}, malformed ${d.malformed}, unknown ${d['unknown-type']}, overlong ${d.overlong}`);
  }
}

function halted(alarm: BallAlarm, io: Io): number {
  const what = alarm.kind === 'conflict'
    ? `第 ${alarm.n} 个球读数冲突：已接受的与 ${alarm.reading} 不同 / conflicting reading for ball ${alarm.n}: ${alarm.reading} differs from the ball accepted`
    : `跳号：等待第 ${alarm.expected} 个球，收到 ${alarm.reading} / skip: waiting for ball ${alarm.expected}, got ${alarm.reading}`;
  io.err(`警报 / alarm: ${alarm.kind}: ${what}`);
  io.err('摇号暂停：主持人以 --resolve machine-next 或 --resolve manual 决定，公证员确认 / the draw is halted: the host decides with --resolve machine-next or --resolve manual, the notary confirms');
  return EXIT_HALTED;
}

/** --venue, --host, --notary as the kiosk takes them: trimmed, 1..NAME_MAX_LENGTH characters; those not given are left out. */
function reportNames(given: { venue?: string | undefined; host?: string | undefined; notary?: string | undefined }): { venue?: string; hostName?: string; notaryName?: string } {
  const name = (option: 'venue' | 'host' | 'notary') => {
    const text = given[option]?.trim();
    if (text !== undefined && (text.length === 0 || text.length > NAME_MAX_LENGTH)) {
      usageError('ceremony', `--${option} 须为 1–${NAME_MAX_LENGTH} 个字符（首尾空白不计）`, `--${option} must be 1 to ${NAME_MAX_LENGTH} characters (leading and trailing white space aside)`);
    }
    return text;
  };
  const [venue, hostName, notaryName] = [name('venue'), name('host'), name('notary')];
  return { ...(venue === undefined ? {} : { venue }), ...(hostName === undefined ? {} : { hostName }), ...(notaryName === undefined ? {} : { notaryName }) };
}

async function setPin(): Promise<string> {
  const write = (t: string) => process.stderr.write(t);
  for (;;) {
    const first = await askPin('公证员设置 PIN（6–12 位数字）/ notary, set a PIN of 6-12 digits. PIN: ', write);
    const again = await askPin('再次输入 / once more, PIN: ', write);
    if (first === again) return first;
    write('两次输入不一致，请重新设置 / the two entries differ; set it again\n');
  }
}

/** Opens a ceremony; one with a notary PIN opens only once the notary types it (it checks the journal's MACs). */
async function openWithPin(dir: string, options: ServiceOptions): Promise<CeremonyService> {
  const opened = CeremonyService.open(dir, options);
  if (opened.ok || opened.failure.kind !== 'pin-needed') return unwrap(opened);
  const pin = await askPin('公证员输入 PIN 以继续仪式 / notary, to resume the ceremony: PIN: ', (t) => process.stderr.write(t));
  return unwrap(CeremonyService.open(dir, { ...options, pin }));
}
