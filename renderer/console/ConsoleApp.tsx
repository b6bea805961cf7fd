// The operator console: the host runs the ceremony, the notary confirms with the PIN.
// It renders the pushed view and sends commands; it holds no ceremony state of its own.
import { useEffect, useState, type ReactNode } from 'react';
import type { CommandName, KioskCommands, KioskError, KioskView, Lang } from '../../electron/contract/kiosk-api.ts';
import { KioskCommandError, uploadPackage, type KioskClient } from '../api/client.ts';
import { visibleText } from '../../draw-core/display-text.ts';
import { groupsOfFour } from '../../draw-core/bundle-words.ts';
import { LangContext, STEPS, useT } from '../i18n.ts';

type Run = <C extends CommandName>(command: C, args: KioskCommands[C]['args']) => Promise<KioskCommands[C]['result'] | undefined>;

export function ConsoleApp({ client }: { client: KioskClient }) {
  const [view, setView] = useState<KioskView | undefined>(client.view);
  const [lang, setLang] = useState<Lang>('zh');
  const [error, setError] = useState<KioskError | undefined>();
  useEffect(() => client.onView((v) => setView((old) => (!old || v.version >= old.version ? v : old))), [client]);

  const run: Run = async (command, args) => {
    try {
      const result = await client.call(command, args);
      setError(undefined);
      return result;
    } catch (e) {
      setError(e instanceof KioskCommandError ? e.error : { code: 'internal', zh: String(e), en: String(e) });
      return undefined;
    }
  };

  if (!view) return <p className="console">连接中… / Connecting…</p>;
  const state = view.ceremony?.state;
  const phase = state?.phase ?? 'new';
  return (
    <LangContext.Provider value={lang}>
      <main className="console">
        <header>
          <h1>{lang === 'zh' ? '小客车增量指标摇号 · 控制台' : 'Car-licence quota draw · Console'}{state?.ceremony?.rehearsal ? (lang === 'zh' ? '（演练）' : ' (rehearsal)') : ''}</h1>
          <button onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} aria-label="language">{lang === 'zh' ? 'English' : '中文'}</button>
        </header>
        <Stepper phase={phase} />
        {error && <ErrorBanner error={error} onClose={() => setError(undefined)} />}
        {!state && <CreatePanel run={run} />}
        {state && phase === 'created' && <ImportPanel run={run} onError={setError} />}
        {state && phase === 'imported' && <DigestPanel view={view} run={run} />}
        {state && (phase === 'seeding' || phase === 'seed-complete') && <DrawPanel view={view} run={run} />}
        {state && phase === 'seed-confirmed' && <ComputePanel run={run} />}
        {state && phase === 'computed' && <RevealPanel view={view} run={run} />}
        {state && (phase === 'computed' || phase === 'sealed') && <SealPanel view={view} run={run} />}
        {state && phase === 'sealed' && <ClosePanel run={run} />}
        {state && (phase === 'closed' || phase === 'aborted') && <DonePanel view={view} />}
        {state && (phase === 'closed' || phase === 'aborted') && <CreatePanel run={run} />}
        {state && phase !== 'closed' && phase !== 'aborted' && <ObsPanel view={view} run={run} />}
        {state && phase !== 'closed' && phase !== 'aborted' && <AbortPanel run={run} />}
        <footer className="muted" data-testid="about">
          {lang === 'zh' ? '关于' : 'About'}: {view.software.name} {view.software.version} · {lang === 'zh' ? '代码摘要' : 'code digest'} {view.software.codeDigest}
          <RotateTokens run={run} />
        </footer>
        {state && (phase === 'computed' || phase === 'sealed' || phase === 'seeding' || phase === 'seed-complete') && (
          <section className="panel">
            <h2>{lang === 'zh' ? '大屏预览' : 'Stage preview'}</h2>
            <iframe className="preview" src="stage.html" title="stage" />
          </section>
        )}
      </main>
    </LangContext.Provider>
  );
}

function Stepper({ phase }: { phase: string }) {
  const t = useT();
  const current = STEPS.findIndex((s) => (s.phases as string[]).includes(phase));
  return (
    <ol className="stepper" aria-label="steps">
      {STEPS.map((s, i) => (
        <li key={s.en} className={i < current ? 'done' : i === current ? 'current' : ''} aria-current={i === current ? 'step' : undefined}>
          {i + 1}. {t(s.zh, s.en)}
        </li>
      ))}
    </ol>
  );
}

function ErrorBanner({ error, onClose }: { error: KioskError; onClose: () => void }) {
  return (
    <div className="error" role="alert">
      <div>{error.zh}</div>
      <div>{error.en}</div>
      <div className="code">
        {error.file ? `${error.file}${error.line ? `:${error.line}` : ''} · ` : ''}
        {error.code}
      </div>
      <button onClick={onClose}>知道了 / OK</button>
    </div>
  );
}

/** An irreversible action: the first press arms it, the second does it. */
/**
 * New console and stage tokens, for when a URL may have leaked: every page and OBS source with
 * an old one is shut out. A browser console moves to its new URL; OBS's source gets the new stage URL.
 */
function RotateTokens({ run }: { run: Run }) {
  const t = useT();
  return (
    <ArmedButton className="" onConfirm={() => void run('rotateTokens', {}).then((urls) => {
      if (urls && !window.kioskIpc) location.replace(urls.consoleUrl);
    })}>{t('更换访问令牌', 'Rotate access tokens')}</ArmedButton>
  );
}

function ArmedButton({ onConfirm, children, disabled, className }: { onConfirm: () => void; children: ReactNode; disabled?: boolean; className?: string }) {
  const t = useT();
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 6000);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <button className={armed ? 'armed' : className ?? 'primary'} disabled={disabled} onClick={() => (armed ? (setArmed(false), onConfirm()) : setArmed(true))}>
      {armed ? t('再按一次确认（不可撤销）', 'Press again to confirm (cannot be undone)') : children}
    </button>
  );
}

function Pin({ value, onChange, label }: { value: string; onChange: (v: string) => void; label?: string }) {
  const t = useT();
  return (
    <label>
      {label ?? t('公证员 PIN', 'Notary PIN')}
      <input type="password" inputMode="numeric" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} name="pin" />
    </label>
  );
}

/** The notary's confirmation: the PIN (none in a rehearsal without one), then an armed button. */
function NotaryConfirm({ label, onConfirm, children }: { label: string; onConfirm: (pin: string | undefined) => void; children?: ReactNode }) {
  const [pin, setPin] = useState('');
  return (
    <div className="row">
      {children}
      <Pin value={pin} onChange={setPin} />
      <ArmedButton onConfirm={() => onConfirm(pin || undefined)}>{label}</ArmedButton>
    </div>
  );
}

function CreatePanel({ run }: { run: Run }) {
  const t = useT();
  const [period, setPeriod] = useState('');
  const [kind, setKind] = useState<'quota-allocation' | 'representative-selection'>('quota-allocation');
  const [rehearsal, setRehearsal] = useState(true);
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [list, setList] = useState<KioskCommands['listCeremonies']['result']>([]);
  const [resumePin, setResumePin] = useState('');
  useEffect(() => {
    void run('listCeremonies', {}).then((l) => setList(l ?? []));
  }, []);
  const mismatch = pin !== pin2;
  return (
    <>
      <section className="panel">
        <h2>{t('创建仪式', 'Create a ceremony')}</h2>
        <div className="row">
          <label>{t('期号', 'Period')}<input name="period" value={period} onChange={(e) => setPeriod(e.target.value)} placeholder="2026-11" /></label>
          <label>{t('类型', 'Kind')}
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="quota-allocation">{t('指标配置', 'Quota allocation')}</option>
              <option value="representative-selection">{t('申请人代表抽取', 'Representative selection')}</option>
            </select>
          </label>
          <label className="inline"><input type="checkbox" name="rehearsal" checked={rehearsal} onChange={(e) => setRehearsal(e.target.checked)} /> {t('演练', 'Rehearsal')}</label>
        </div>
        <div className="row">
          <Pin value={pin} onChange={setPin} label={t('公证员设置 PIN（6–12 位数字）', 'Notary sets a PIN (6-12 digits)')} />
          <Pin value={pin2} onChange={setPin2} label={t('再次输入 PIN', 'PIN again')} />
          <button className="primary" disabled={!period || mismatch || (!rehearsal && !pin)}
            onClick={() => void run('createCeremony', { period, kind, rehearsal, notaryPin: pin || undefined })}>{t('创建', 'Create')}</button>
        </div>
        {mismatch && <p className="muted">{t('两次输入的 PIN 不一致', 'The two PINs differ')}</p>}
        {rehearsal && !pin && <p className="muted">{t('演练可不设 PIN：由软件代替公证员确认', 'A rehearsal may go without a PIN: the software stands in for the notary')}</p>}
      </section>
      {list.length > 0 && (
        <section className="panel">
          <h2>{t('继续仪式', 'Resume a ceremony')}</h2>
          <p className="muted">{t('设有 PIN 的仪式须由公证员输入 PIN 才能继续：PIN 用于核验停机期间日志未被改动。', 'A ceremony with a PIN resumes only with the notary\'s PIN: it proves the journal was not changed while the kiosk was down.')}</p>
          <div className="row"><Pin value={resumePin} onChange={setResumePin} label={t('公证员 PIN', 'Notary PIN')} /></div>
          {list.map((c) => (
            <div className="row" key={c.dir}>
              <span>{c.period}{c.title ? <> · <bdi>{visibleText(c.title)}</bdi></> : ''} · {c.phase}{c.rehearsal ? t(' · 演练', ' · rehearsal') : ''}</span>
              <button onClick={() => void run('resumeCeremony', { dir: c.dir, pin: resumePin || undefined })}>{t('继续', 'Resume')}</button>
            </div>
          ))}
        </section>
      )}
    </>
  );
}

function ImportPanel({ run, onError }: { run: Run; onError: (e: KioskError) => void }) {
  const t = useT();
  const [path, setPath] = useState('');
  // Streamed to the browser host's /upload (never over the socket), then imported by its id.
  const upload = async (file: File) => {
    let id: string;
    try {
      id = await uploadPackage(file);
    } catch (e) {
      onError(e instanceof KioskCommandError ? e.error : { code: 'upload', zh: String(e), en: String(e) });
      return;
    }
    await run('importPackage', { upload: id });
  };
  return (
    <section className="panel">
      <h2>{t('导入封存数据包', 'Import the sealed package')}</h2>
      <div className="row">
        <label>{t('数据包路径（文件夹或 .zip）', 'Package path (folder or .zip)')}<input name="package-path" size={60} value={path} onChange={(e) => setPath(e.target.value)} /></label>
        {window.kioskShell && <button onClick={() => void window.kioskShell!.pickPackage().then((p) => p && setPath(p))}>{t('选择…', 'Choose…')}</button>}
        <button className="primary" disabled={!path} onClick={() => void run('importPackage', { path })}>{t('导入', 'Import')}</button>
      </div>
      {/* Uploading is the browser host's way in; the Electron shell picks a file instead. */}
      {!window.kioskShell && <div className="row">
        <label>{t('或上传 .zip', 'or upload a .zip')}<input type="file" accept=".zip" name="package-upload" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} /></label>
      </div>}
    </section>
  );
}

function PoolsTable({ view }: { view: KioskView }) {
  const t = useT();
  const pkg = view.ceremony!.state.package!;
  return (
    <table className="pools">
      <thead><tr><th>{t('池', 'Pool')}</th><th>{t('条目', 'Entries')}</th><th>{t('总权重（签数）', 'Tickets')}</th><th>{t('指标', 'Quota')}</th><th>{t('候补', 'Alternates')}</th></tr></thead>
      <tbody>{pkg.pools.map((p) => <tr key={p.id}><td><bdi>{visibleText(p.name)}</bdi></td><td>{p.entries}</td><td>{p.totalWeight}</td><td>{p.quota}</td><td>{p.alternates}</td></tr>)}</tbody>
    </table>
  );
}

function DigestPanel({ view, run }: { view: KioskView; run: Run }) {
  const t = useT();
  const pkg = view.ceremony!.state.package!;
  return (
    <section className="panel">
      <h2>{t('公证员核对封存摘要', 'The notary compares the seal digest')}</h2>
      <p><bdi>{visibleText(pkg.title)}</bdi> · {pkg.period}</p>
      <div className="digest" data-testid="seal-digest">{groupsOfFour(pkg.sealDigest).split(' ').map((g, i) => <span key={i}>{g}</span>)}</div>
      <PoolsTable view={view} />
      <NotaryConfirm label={t('公证员确认摘要一致', 'Notary: the digest matches')} onConfirm={(pin) => void run('confirmSealDigest', { pin })} />
    </section>
  );
}

function DrawPanel({ view, run }: { view: KioskView; run: Run }) {
  const t = useT();
  const state = view.ceremony!.state;
  const total = state.package!.balls;
  const [manual, setManual] = useState(false);
  return (
    <>
      <DevicesPanel view={view} run={run} onManual={() => setManual(true)} />
      <section className="panel">
        <h2>{t('摇号球', 'Balls')} · {state.balls.length} / {total}</h2>
        <div className="slots" data-testid="slots">
          {Array.from({ length: total }, (_, i) => <div key={i} className={`slot${state.balls[i] !== undefined ? ' filled' : ''}`}>{state.balls[i] ?? ''}</div>)}
        </div>
        {state.balls.length > 0 && <VoidLast run={run} />}
        {state.phase === 'seed-complete' && !state.alarm && (
          <NotaryConfirm label={t('公证员确认种子', 'Notary: confirm the seed')} onConfirm={(pin) => void run('confirmSeed', { pin })}>
            <span>{t('种子', 'Seed')}: <strong data-testid="seed">{state.balls.join('')}</strong></span>
          </NotaryConfirm>
        )}
      </section>
      {state.alarm && <AlarmDialog view={view} run={run} />}
      {manual && <ManualDialog n={state.balls.length + 1} run={run} onDone={() => setManual(false)} />}
    </>
  );
}

function DevicesPanel({ view, run, onManual }: { view: KioskView; run: Run; onManual: () => void }) {
  const t = useT();
  const real = view.ceremony?.state.ceremony?.rehearsal === false;
  // A real draw takes no simulated balls: only the serial machine (or manual entry), confirmed by the notary.
  const [source, setSource] = useState<'virtual' | 'serial'>(real ? 'serial' : 'virtual');
  const [sourcePin, setSourcePin] = useState('');
  const [ports, setPorts] = useState<string[]>([]);
  const [portsError, setPortsError] = useState('');
  const [path, setPath] = useState('');
  const [baud, setBaud] = useState('9600');
  const [faults, setFaults] = useState('');
  const [interval, setInterval] = useState('1000');
  const m = view.machine;
  const refresh = async () => {
    const r = await run('listPorts', {});
    if (r && 'ports' in r) setPorts(r.ports.map((p) => p.path));
    else if (r) setPortsError(r.error);
  };
  return (
    <section className="panel">
      <h2>{t('摇号机', 'Ball machine')}</h2>
      <div className="row">
        <label>{t('球源', 'Ball source')}
          <select name="source" value={source} onChange={(e) => setSource(e.target.value as typeof source)}>
            {!real && <option value="virtual">{t('模拟摇号机（演练）', 'Simulator (rehearsal)')}</option>}
            <option value="serial">{t('串口摇号机', 'Serial ball machine')}</option>
          </select>
        </label>
        {source === 'serial' ? (
          <>
            <label>{t('串口', 'Port')}<input name="port" list="ports" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/dev/ttyUSB0 · COM3" /></label>
            <datalist id="ports">{ports.map((p) => <option key={p} value={p} />)}</datalist>
            <button onClick={() => void refresh()}>{t('查找串口', 'Find ports')}</button>
            <label>{t('波特率', 'Baud')}<input name="baud" value={baud} onChange={(e) => setBaud(e.target.value)} /></label>
            {real && <Pin value={sourcePin} onChange={setSourcePin} label={t('公证员确认球源 PIN', 'Notary confirms the source: PIN')} />}
            <button className="primary" disabled={!path || (real && !sourcePin)} onClick={() => void run('useSerialMachine', { path, baudRate: Number(baud), dataBits: 8, parity: 'none', stopBits: 1, pin: sourcePin || undefined })}>{t('连接', 'Connect')}</button>
          </>
        ) : (
          <>
            <label>{t('间隔（毫秒）', 'Interval (ms)')}<input name="interval" value={interval} onChange={(e) => setInterval(e.target.value)} /></label>
            <label>{t('故障（逗号分隔）', 'Faults (comma-separated)')}<input name="faults" value={faults} onChange={(e) => setFaults(e.target.value)} placeholder="noise,dup" /></label>
            <button className="primary" onClick={() => void run('useVirtualMachine', { intervalMs: Number(interval), faults: faults.split(',').map((f) => f.trim()).filter(Boolean) })}>{t('开始模拟', 'Start simulator')}</button>
          </>
        )}
        <button onClick={onManual}>{t('人工录入', 'Manual entry')}</button>
      </div>
      {portsError && <p className="muted">{portsError}</p>}
      {m && (
        <p data-testid="machine">
          {m.port} · <span className={`link-${m.link}`}>{m.link}</span>{m.linkReason ? ` (${m.linkReason})` : ''}
          {m.identity ? ` · ${m.identity.vendor} ${m.identity.model} #${m.identity.serial} v${m.identity.firmware}` : ''}
          {m.state ? ` · ${m.state}` : ''} · {t('丢弃语句', 'discarded')} {m.discarded}
        </p>
      )}
      <p className="muted" data-testid="displays">{t('显示器', 'Displays')}: {view.displays.length === 0
        ? t('浏览器模式：大屏为 stage 网址，任意显示器或 OBS 均可打开', 'browser mode: the stage is the stage URL, for any display or OBS')
        : view.displays.map((d) => `${d.label}${d.stage ? t('（大屏）', ' (stage)') : ''}`).join(' · ')}</p>
      {view.ignored.length > 0 && <p className="muted">{t('已忽略', 'Ignored')}: {view.ignored.slice(-3).map((i) => `${i.reading} (${i.verdict})`).join(' · ')}</p>}
    </section>
  );
}

function VoidLast({ run }: { run: Run }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  return (
    <div className="row">
      <label>{t('作废最后一球的理由', 'Reason to void the last ball')}<input name="void-reason" value={reason} onChange={(e) => setReason(e.target.value)} /></label>
      <Pin value={pin} onChange={setPin} />
      <ArmedButton className="danger" disabled={!reason} onConfirm={() => void run('voidLastBall', { reason, pin: pin || undefined })}>{t('作废最后一球', 'Void the last ball')}</ArmedButton>
    </div>
  );
}

function AlarmDialog({ view, run }: { view: KioskView; run: Run }) {
  const t = useT();
  const alarm = view.ceremony!.state.alarm!;
  const [pin, setPin] = useState('');
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-labelledby="alarm-title">
        <h2 id="alarm-title">{t('摇号机警报：摇号已暂停', 'Ball machine alarm: the draw is halted')}</h2>
        <p data-testid="alarm">
          {alarm.kind === 'conflict'
            ? t(`第 ${alarm.n} 个球读数冲突：收到 ${alarm.reading}`, `Conflicting reading for ball ${alarm.n}: ${alarm.reading}`)
            : t(`跳号：等待第 ${alarm.expected} 个球，收到 ${alarm.reading}`, `Skip: waiting for ball ${alarm.expected}, got ${alarm.reading}`)}
        </p>
        <p className="muted">{t('主持人决定，公证员以 PIN 确认。冲突时该球及其后的球将被作废。', 'The host decides, the notary confirms with the PIN. For a conflict, that ball and any after it are voided.')}</p>
        <div className="row">
          <Pin value={pin} onChange={setPin} />
          <button className="primary" onClick={() => void run('resolveAlarm', { decision: 'machine-next', pin: pin || undefined })}>{t('取摇号机下一读数', "Take the machine's next reading")}</button>
          <button onClick={() => void run('resolveAlarm', { decision: 'manual', pin: pin || undefined })}>{t('改为人工录入', 'Enter by hand')}</button>
        </div>
      </div>
    </div>
  );
}

/** Host and notary type the digit in turn; the first entry is hidden before the second is typed. */
function ManualDialog({ n, run, onDone }: { n: number; run: Run; onDone: () => void }) {
  const t = useT();
  const [step, setStep] = useState<'host' | 'notary'>('host');
  const [host, setHost] = useState('');
  const [notary, setNotary] = useState('');
  const [pin, setPin] = useState('');
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-labelledby="manual-title">
        <h2 id="manual-title">{t(`人工录入第 ${n} 个球`, `Enter ball ${n} by hand`)}</h2>
        {step === 'host' ? (
          <div className="row">
            <label>{t('主持人录入', 'Host enters')}<input type="password" name="host-digit" maxLength={1} value={host} onChange={(e) => setHost(e.target.value)} autoFocus /></label>
            <button className="primary" disabled={!/^[0-9]$/.test(host)} onClick={() => setStep('notary')}>{t('交给公证员', 'Hand to the notary')}</button>
          </div>
        ) : (
          <div className="row">
            <label>{t('公证员独立录入', 'Notary enters, independently')}<input type="password" name="notary-digit" maxLength={1} value={notary} onChange={(e) => setNotary(e.target.value)} autoFocus /></label>
            <Pin value={pin} onChange={setPin} />
            <button className="primary" disabled={!/^[0-9]$/.test(notary)} onClick={async () => {
              await run('enterManualBall', { hostDigit: host, notaryDigit: notary, pin: pin || undefined });
              onDone();
            }}>{t('提交', 'Submit')}</button>
          </div>
        )}
        <button onClick={onDone}>{t('取消', 'Cancel')}</button>
      </div>
    </div>
  );
}

function ComputePanel({ run }: { run: Run }) {
  const t = useT();
  return (
    <section className="panel">
      <h2>{t('计算结果', 'Compute the results')}</h2>
      <button className="primary" onClick={() => void run('computeResults', {})}>{t('按规范 draw-v1 计算', 'Compute by spec draw-v1')}</button>
    </section>
  );
}

function RevealPanel({ view, run }: { view: KioskView; run: Run }) {
  const t = useT();
  const state = view.ceremony!.state;
  const pools = state.package!.pools;
  const results = state.results!.pools;
  const at = state.reveal ?? { pool: 0, page: -1 };
  const pagesOf = (pool: number) => Math.max(1, Math.ceil((results[pool]!.winners + results[pool]!.alternatesDrawn) / view.pageSize));
  const [auto, setAuto] = useState(false);
  const next = () => {
    if (at.page + 1 < pagesOf(at.pool)) void run('revealTo', { pool: at.pool, page: at.page + 1 });
    else if (at.pool + 1 < pools.length) void run('revealTo', { pool: at.pool + 1, page: 0 });
    else setAuto(false);
  };
  const prev = () => {
    if (at.page > 0) void run('revealTo', { pool: at.pool, page: at.page - 1 });
    else if (at.pool > 0) void run('revealTo', { pool: at.pool - 1, page: pagesOf(at.pool - 1) - 1 });
  };
  useEffect(() => {
    if (!auto) return;
    const timer = setTimeout(next, 4000);
    return () => clearTimeout(timer);
  });
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).tagName === 'INPUT') return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') next();
      if (e.key === 'ArrowLeft' || e.key === 'PageUp') prev();
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  });
  return (
    <section className="panel">
      <h2>{t('揭晓', 'Reveal')}</h2>
      <p data-testid="reveal-position">{at.page < 0 ? t('尚未开始', 'Not started') : <><bdi>{visibleText(pools[at.pool]!.name)}</bdi>{` · ${t('第', 'page ')}${at.page + 1}${t(' 页', '')} / ${pagesOf(at.pool)}`}</>}</p>
      <div className="row">
        <button onClick={prev} disabled={at.page <= 0 && at.pool === 0}>{t('上一页', 'Previous')}</button>
        <button className="primary" onClick={next}>{t('下一页', 'Next')}</button>
        <label>{t('跳到池', 'Jump to pool')}
          <select name="jump" value={at.pool} onChange={(e) => void run('revealTo', { pool: Number(e.target.value), page: 0 })}>
            {pools.map((p, i) => <option key={p.id} value={i}>{visibleText(p.name)}</option>)}
          </select>
        </label>
        <label className="inline"><input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> {t('自动翻页（4 秒）', 'Auto pace (4 s)')}</label>
      </div>
    </section>
  );
}

function SealPanel({ view, run }: { view: KioskView; run: Run }) {
  const t = useT();
  const [target, setTarget] = useState('');
  const [drives, setDrives] = useState<{ label: string; mountPoint: string; freeBytes: number }[]>([]);
  const [drivesError, setDrivesError] = useState('');
  const bundles = view.ceremony!.state.bundles;
  const state = view.ceremony!.state;
  const name = `bundle-${state.ceremony!.period}-${state.ceremony!.ceremonyId.slice(0, 8)}${bundles.length ? `-${bundles.length + 1}` : ''}`;
  const findDrives = async () => {
    const r = await run('listDrives', {});
    if (r && 'drives' in r) setDrives(r.drives);
    else if (r) setDrivesError(r.error);
  };
  // Sticks come and go: the list follows them while this panel is open.
  useEffect(() => {
    void findDrives();
    const timer = setInterval(() => void findDrives(), 3000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="panel">
      <h2>{t('写入证据包', 'Write the evidence bundle')}</h2>
      <div className="row">
        <button onClick={() => void findDrives()}>{t('查找 U 盘', 'Find USB sticks')}</button>
        {drives.map((d) => (
          <button key={d.mountPoint} onClick={() => setTarget(`${d.mountPoint.replace(/[\\/]$/, '')}/${name}`)}>
            {d.label} · {(d.freeBytes / 2 ** 30).toFixed(1)} GB {t('可用', 'free')}
          </button>
        ))}
        {window.kioskShell && <button onClick={() => void window.kioskShell!.pickBundleFolder().then((f) => f && setTarget(`${f.replace(/[\\/]$/, '')}/${name}`))}>{t('选择文件夹…', 'Choose a folder…')}</button>}
        {drivesError && <span className="muted">{drivesError}</span>}
      </div>
      <div className="row">
        <label>{t('目标文件夹（将新建，不会覆盖）', 'Target folder (created new, never overwritten)')}<input name="bundle-target" size={60} value={target} onChange={(e) => setTarget(e.target.value)} /></label>
        <ArmedButton disabled={!target} onConfirm={() => void run('writeBundle', { target })}>{t('写入', 'Write')}</ArmedButton>
      </div>
      {bundles.map((b) => (
        <p key={b.name} data-testid="bundle">
          {t('已封存', 'Sealed')}: {b.name} · SHA256SUMS {b.sha256sums}
          {window.kioskShell && <button onClick={() => void window.kioskShell!.openReport(b.name)}>{t('打印报告', 'Print the report')}</button>}
        </p>
      ))}
    </section>
  );
}

function ClosePanel({ run }: { run: Run }) {
  const t = useT();
  return (
    <section className="panel">
      <h2>{t('结束仪式', 'Close the ceremony')}</h2>
      <NotaryConfirm label={t('公证员确认结束', 'Notary: close')} onConfirm={(pin) => void run('closeCeremony', { pin })} />
    </section>
  );
}

function ObsPanel({ view, run }: { view: KioskView; run: Run }) {
  const t = useT();
  const [url, setUrl] = useState('ws://127.0.0.1:4455');
  const [password, setPassword] = useState('');
  const obs = view.obs;
  return (
    <section className="panel">
      <h2>OBS · {t('直播与录像', 'livestream and recording')}</h2>
      <div className="row">
        <label>{t('WebSocket 地址', 'WebSocket URL')}<input name="obs-url" value={url} onChange={(e) => setUrl(e.target.value)} /></label>
        <label>{t('密码', 'Password')}<input type="password" name="obs-password" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        <button onClick={() => void run('connectObs', { url, password: password || undefined })}>{t('连接', 'Connect')}</button>
        <button disabled={obs?.connection !== 'connected'} onClick={() => void run('prepareObs', {})}>{t('准备 OBS 场景', 'Prepare OBS')}</button>
        <button disabled={obs?.connection !== 'connected'} onClick={() => void run('setStreaming', { on: !obs?.streaming })}>{obs?.streaming ? t('停止直播', 'Stop stream') : t('开始直播', 'Start stream')}</button>
      </div>
      {obs && (
        <p data-testid="obs">
          <span className={obs.connection === 'connected' ? 'link-up' : 'link-down'}>{obs.connection}</span>{obs.reason ? ` (${obs.reason})` : ''}
          {obs.scene ? ` · ${t('场景', 'scene')} ${obs.scene}` : ''} · {obs.recording ? t('录像中', 'recording') : t('未录像', 'not recording')}
          {' · '}{obs.streaming ? t('直播中', 'streaming') : t('未直播', 'not streaming')}
          {obs.skippedFrames !== undefined ? ` · ${t('丢帧', 'skipped frames')} ${obs.skippedFrames}` : ''}
          {obs.prepared ? ` · ${t('大屏来源', 'stage source')} ${obs.stageSource}` : ''}
        </p>
      )}
      <p className="muted">{t('OBS 断开不会影响摇号；恢复后自动重连并同步场景。', 'OBS failing never stops the draw; when it is back, it reconnects and resyncs the scene.')}</p>
    </section>
  );
}

function AbortPanel({ run }: { run: Run }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const [open, setOpen] = useState(false);
  if (!open) return <p><button onClick={() => setOpen(true)}>{t('中止仪式…', 'Abort the ceremony…')}</button></p>;
  return (
    <section className="panel">
      <h2>{t('中止仪式', 'Abort the ceremony')}</h2>
      <div className="row">
        <label>{t('理由', 'Reason')}<input name="abort-reason" value={reason} onChange={(e) => setReason(e.target.value)} /></label>
        <Pin value={pin} onChange={setPin} />
        <ArmedButton className="danger" disabled={!reason} onConfirm={() => void run('abortCeremony', { reason, pin: pin || undefined })}>{t('中止', 'Abort')}</ArmedButton>
        <button onClick={() => setOpen(false)}>{t('取消', 'Cancel')}</button>
      </div>
    </section>
  );
}

function DonePanel({ view }: { view: KioskView }) {
  const t = useT();
  const s = view.ceremony!.state;
  return (
    <section className="panel">
      <h2>{s.phase === 'closed' ? t('仪式已结束', 'The ceremony is closed') : t(`仪式已中止：${s.aborted}`, `The ceremony was aborted: ${s.aborted}`)}</h2>
      {s.seed && <p>{t('种子', 'Seed')}: {s.seed}</p>}
      {s.bundles.map((b) => <p key={b.name}>{b.name} · SHA256SUMS {b.sha256sums}</p>)}
    </section>
  );
}
