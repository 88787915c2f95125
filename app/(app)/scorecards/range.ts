const iso = (d: Date) => d.toISOString().slice(0, 10);
export const daysAgo = (n: number) => iso(new Date(Date.now() - n * 86_400_000));
/** The range the page opens with (the server prefetches exactly this one). */
export const defaultRange = () => ({ from: daysAgo(29), to: daysAgo(0) });
