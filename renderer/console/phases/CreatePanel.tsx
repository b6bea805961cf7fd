// No ceremony open (or the last one ended): create one, or open one of this kiosk's ceremonies:
// an unfinished one to continue, an ended one (closed or aborted) to look through as it ended.
import { useEffect, useState } from 'react';
import type { KioskCommands } from '../../../electron/contract/kiosk-api.ts';
import { NAME_MAX_LENGTH } from '../../../draw-core/ceremony.ts';
import { visibleText } from '../../../draw-core/display-text.ts';
import { PHASE_WORDS, useSay, useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { ArmedButton } from '../parts/ArmedButton.tsx';
import { Pin } from '../parts/NotaryPin.tsx';

export function CreatePanel({ run, quiet }: PanelProps) {
  const t = useT();
  const say = useSay();
  const [period, setPeriod] = useState('');
  const [kind, setKind] = useState<'quota-allocation' | 'representative-selection'>('quota-allocation');
  const [rehearsal, setRehearsal] = useState(true);
  const [periodAgain, setPeriodAgain] = useState('');
  const [venue, setVenue] = useState('');
  const [hostName, setHostName] = useState('');
  const [notaryName, setNotaryName] = useState('');
  /** datetime-local's value, read as Beijing time whatever the PC's own zone: the draw is announced in it. */
  const [startsAt, setStartsAt] = useState('');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [list, setList] = useState<KioskCommands['listCeremonies']['result']>([]);
  const [resumePin, setResumePin] = useState('');
  useEffect(() => {
    void quiet('listCeremonies', {}).then((l) => setList(l ?? []));
  }, [quiet]);
  const mismatch = pin !== pin2;
  const named = [venue, hostName, notaryName].every((s) => s.trim() !== '');
  // A real draw counts: its period typed a second time, and the armed press that says so.
  const ready = period !== '' && named && !mismatch && (rehearsal || (pin !== '' && periodAgain === period));
  const create = () => void run('createCeremony', {
    period, kind, rehearsal, venue, hostName, notaryName, scheduledStart: startsAt ? `${startsAt}+08:00` : undefined, notaryPin: pin || undefined,
  });
  return (
    <>
      <section className={`panel create ${rehearsal ? 'create-rehearsal' : 'create-real'}`}>
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
          <label>{t('地点', 'Venue')}<input name="venue" size={40} maxLength={NAME_MAX_LENGTH} value={venue} onChange={(e) => setVenue(e.target.value)} /></label>
          <label>{t('主持人姓名', "Host's name")}<input name="host-name" maxLength={NAME_MAX_LENGTH} value={hostName} onChange={(e) => setHostName(e.target.value)} /></label>
          <label>{t('公证员姓名', "Notary's name")}<input name="notary-name" maxLength={NAME_MAX_LENGTH} value={notaryName} onChange={(e) => setNotaryName(e.target.value)} /></label>
        </div>
        <div className="row">
          <label>{t('预定开始时间（北京时间，可不填）', 'Scheduled start (Beijing time, optional)')}
            <input type="datetime-local" name="scheduled-start" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
          </label>
        </div>
        <p className="muted">{t('地点和姓名印在主持人与公证员签字的报告上；大屏倒计时至预定开始时间。', 'The venue and the names are printed on the report the host and the notary sign; the stage counts down to the scheduled start.')}</p>
        <div className="row">
          <Pin value={pin} onChange={setPin} label={t('公证员设置 PIN（6–12 位数字）', 'Notary sets a PIN (6-12 digits)')} />
          <Pin value={pin2} onChange={setPin2} label={t('再次输入 PIN', 'PIN again')} />
          {!rehearsal && (
            <label>{t('再次输入期号，确认这是正式摇号', 'The period again: this is the REAL DRAW')}
              <input name="period-again" autoComplete="off" value={periodAgain} onChange={(e) => setPeriodAgain(e.target.value)} />
            </label>
          )}
          {rehearsal
            ? <button className="primary" disabled={!ready} onClick={create}>{t('创建演练', 'Create the rehearsal')}</button>
            : (
              <ArmedButton className="danger" disabled={!ready} onConfirm={create}
                armed={t('再按一次确认：创建正式摇号，结果正式有效', 'Press again to confirm: create the REAL DRAW, whose results count')}>
                {t('创建正式摇号', 'Create the REAL DRAW')}
              </ArmedButton>
            )}
        </div>
        {mismatch && <p className="muted">{t('两次输入的 PIN 不一致', 'The two PINs differ')}</p>}
        {rehearsal && !pin && <p className="muted">{t('演练可不设 PIN：由软件代替公证员确认', 'A rehearsal may go without a PIN: the software stands in for the notary')}</p>}
        {!rehearsal && <p className="muted">{t('正式摇号：结果正式有效，须由公证员设置 PIN 并亲自确认每一步。', "A real draw: its results count; the notary sets a PIN and confirms each step in person.")}</p>}
      </section>
      {list.length > 0 && (
        <section className="panel">
          <h2>{t('本机的仪式', "This kiosk's ceremonies")}</h2>
          <p className="muted">{t('未完成的仪式可以继续；已结束或已中止的仪式只能查看其结果与证据包。设有 PIN 的仪式须由公证员输入 PIN 才能打开：PIN 用于核验停机期间日志未被改动。',
            "An unfinished ceremony can be continued; an ended or aborted one can only be looked through, with its results and bundles. One with a PIN opens only with the notary's PIN: it proves the journal was not changed while the kiosk was down.")}</p>
          <div className="row"><Pin value={resumePin} onChange={setResumePin} label={t('公证员 PIN', 'Notary PIN')} /></div>
          {list.map((c) => {
            // Opened the same way: the fold refuses any further step of an ended one, so it can only be looked through.
            const ended = c.phase === 'closed' || c.phase === 'aborted';
            return (
              <div className="row ceremony-row" key={c.dir} data-testid="ceremony-row">
                <span>
                  {c.period}{c.title ? <> · <bdi>{visibleText(c.title)}</bdi></> : ''} · {say(PHASE_WORDS[c.phase])}
                  {' · '}{c.rehearsal ? t('演练', 'rehearsal') : <strong className="real-mark">{t('正式摇号', 'REAL DRAW')}</strong>}
                </span>
                <button onClick={() => void run('resumeCeremony', { dir: c.dir, pin: resumePin || undefined })}>{ended ? t('查看', 'View') : t('继续', 'Continue')}</button>
              </div>
            );
          })}
        </section>
      )}
    </>
  );
}
