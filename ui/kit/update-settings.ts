/**
 * Writes a change to the user's settings: reads the stored value fresh (another
 * page may have changed it), applies the change and stores the result through
 * `parseSettings`, so only valid settings are ever written. Open tabs pick the
 * change up live: their content scripts watch the item.
 */
import { parseSettings, settingsItem, type Settings } from '../../extension/storage';

/** Applies `change` to the stored settings; returns what was stored. */
export async function updateSettings(change: (current: Settings) => Partial<Settings>): Promise<Settings> {
  const current = parseSettings(await settingsItem.getValue());
  const next = parseSettings({ ...current, ...change(current) });
  await settingsItem.setValue(next);
  return next;
}

/** The settings with `hostname` enabled (removed from, or disabled (added to, once) `disabledSites`. */
export function withSiteEnabled(settings: Settings, hostname: string, enabled: boolean): Partial<Settings> {
  const others = settings.disabledSites.filter((site) => site !== hostname);
  return { disabledSites: enabled ? others : [...others, hostname] };
}
