// Can this browser run the WebContainer engine, and may it boot before the reader asks?
// The same checks as TutorialKit (stackblitz/tutorialkit packages/runtime: utils/support.ts and
// webcontainer/on-demand-boot.ts): SharedArrayBuffer in a cross-origin isolated page; Chrome or
// Firefox, or Safari 16.4 and later; on iPhone and iPad the engine boots only when the reader runs
// something, because booting it there can crash the tab.

export interface BrowserInfo {
  userAgent: string;
  platform: string;
  maxTouchPoints: number;
  hasSharedArrayBuffer: boolean;
  crossOriginIsolated: boolean;
}

export type EngineSupport = { ok: true; onDemand: boolean } | { ok: false; why: 'isolation' | 'browser' };

/** The browser this page runs in. */
export function currentBrowser(): BrowserInfo {
  const nav = (globalThis as { navigator?: Partial<Navigator> }).navigator ?? {};
  return {
    userAgent: nav.userAgent ?? '',
    platform: nav.platform ?? '',
    maxTouchPoints: nav.maxTouchPoints ?? 0,
    hasSharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  };
}

/** Safari (not Chrome or Firefox, whose user agents also say "Safari") at 16.4 or later. */
function safariOk(userAgent: string): boolean {
  const m = /Version\/(\d+)\.(\d+)(?:\.\d+)? (?:Mobile\/\S+ )?Safari/.exec(userAgent);
  const major = m ? Number(m[1]) : 0;
  const minor = m ? Number(m[2]) : 0;
  return major > 16 || (major === 16 && minor >= 4);
}

/** iPhone, or iPad (which reports itself as a touch Mac). */
export function isIosOrIpados(info: Pick<BrowserInfo, 'userAgent' | 'platform' | 'maxTouchPoints'>): boolean {
  const iOS = /iPhone/.test(info.userAgent) || info.platform === 'iPhone';
  const iPadOS = (info.platform === 'MacIntel' && info.maxTouchPoints > 1) || info.platform === 'iPad';
  return iOS || iPadOS;
}

export function engineSupport(info: BrowserInfo): EngineSupport {
  if (!info.crossOriginIsolated) return { ok: false, why: 'isolation' };
  const ua = info.userAgent;
  const browserOk =
    info.hasSharedArrayBuffer &&
    (ua.includes('Chrome') || ua.includes('Firefox') || (ua.includes('Safari') && safariOk(ua)));
  if (!browserOk) return { ok: false, why: 'browser' };
  return { ok: true, onDemand: isIosOrIpados(info) };
}
