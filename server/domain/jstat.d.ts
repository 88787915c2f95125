// The part of jstat (no published types) the domain uses: the Beta distribution's quantile.
declare module "jstat" {
  const jStat: {
    beta: {
      /** Quantile: x with P(X <= x) = p for X ~ Beta(a, b). */
      inv(p: number, a: number, b: number): number;
    };
  };
  export default jStat;
}
