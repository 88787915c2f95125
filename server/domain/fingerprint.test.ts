import { describe, expect, it } from "vitest";
import { fingerprint, similarity } from "./fingerprint";

// Rejection memory stores fingerprints: a new draft is compared with ones computed months ago, so
// the algorithm's output must not change (a change needs a new prefix and a migration). These
// values were computed by the first implementation.
describe("fingerprint (pinned output)", () => {
  it.each([
    ["A quick idea for Acme's outbound team\nHi Jordan, I saw Acme is hiring SDRs. Would a short call next week help?", "mh1:09a69e9436921209003a519a091baa5f1b692228080a50d71dbd587a177d13950051f7ff048584350b121c190d795ed50cb7d0a425b19bfe07d108a5007f7628092e6c5c097b8fa002300eec040549e203ab3e5306e11ed901c4b9670a5b7c271a76961f0c0f325a0b1c1f2017b6bc9b0d6c2f9b0be0924a07eeaa280a01b9f7011f155302e553092ee9860c04ffd44c110534b8025f736b07eb6bb6077200bf11c38c56050013070e5a4e74054a1d690afcf1e902d612b50a41b9730dc30efb09ea9a200fcdc05f0f8f09e210c6d4110ae2d39101eb68a807e509aa0342da690286a93e02077a0c071f3863072508be0d064c3722c3708d0ac7e10c1a6b2c7d"],
    ["Ünïcödé — déjà vu: 3 façades, naïve café!", "mh1:52c7a5cd1fc82a485c56b1720859cf4d71bc9d0722a5901e0c13c15032d7734b6213fe8f2f116996172dbf7952b63f5502d236131a8a5d6c12bf11de5f6a26a6058fa5ce1a2af4873322de2356a1b6c0188ad63131b189b603511f350332476108d96042090cfbda1d01b7d15a2d44bf413e2d4f15b9d15800c867da1751a930251a78ae191861612bf3aa555667168e0286e4dd66ec9cd607380ba0112f0510572602bc31838b6604fbecdb90334a9820954927422c1b43021eb9a9618106222d8dcb1a1389dd404b593b401e9636b2723aabe332164ab815056c0452f85dd71260240a0580854a066de0c17b74d0a819ccefbd1d179ee6372fe5fb05e0b02a"],
    ["", `mh1:${"ffffffff".repeat(64)}`],
  ])("fingerprint(%j) is unchanged", (text, expected) => {
    expect(fingerprint(text)).toBe(expected);
  });

  it("a few changed words keep a high similarity; another text does not", () => {
    const a = fingerprint("Hi Jordan, I saw Acme is hiring SDRs across the revenue team. Would a short call next week help you decide?");
    const b = fingerprint("Hello Jordan, I saw Acme is hiring SDRs across the revenue team. Would a short call next week help you decide?");
    const c = fingerprint("Our pricing page lists three plans; the middle one suits teams of ten to fifty sellers best.");
    expect(similarity(a, b)).toBeGreaterThan(0.6);
    expect(similarity(a, c)).toBeLessThan(0.2);
  });
});
