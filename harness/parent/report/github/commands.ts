// GitHub Actions workflow commands (`::error file=F,line=L,title=T::message`)
// printed on stdout. The runner reads each line as a command, so a message
// must not break the line, and a property value must not end the property:
// the escapes are the ones the runner undoes (actions/toolkit's command.ts).

/** A message: `%`, CR and LF escaped. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: as a message, and `:` and `,` too, which would end it. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type CommandName = 'error' | 'warning' | 'notice';

/** One command line; properties whose value is undefined are left out. */
export function workflowCommand(
  name: CommandName,
  properties: Record<string, string | number | undefined>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props === '' ? '' : ` ${props}`}::${escapeData(message)}`;
}
