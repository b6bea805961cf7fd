// The venue and the host's and notary's names every test ceremony is created with (printed on
// its report): the kiosk's createCeremony takes them always, `draw ceremony` for a real draw.
export const NAMES = { venue: '海口市公证处摇号大厅', hostName: '王主持', notaryName: '李公证' } as const;

/** The same names as `draw ceremony` options. */
export const NAME_OPTIONS = ['--venue', NAMES.venue, '--host', NAMES.hostName, '--notary', NAMES.notaryName] as const;
