// Visitors of the simulated market (issue #7 item 9): personas arriving uniformly, each with a
// title that the product's scoring reads as that persona, page paths, a company and a US state
// (time zone). Pure and deterministic from the seed; addresses use the reserved .example TLD.
import { PERSONAS, type Persona } from "@/server/domain/rewards";
import { createRng, uniformInt, type Rng } from "@/server/domain/random";

const TITLES: Record<Persona, string[]> = {
  executive: ["CEO", "Founder & CEO", "Chief Revenue Officer", "COO"],
  leader: ["VP of Sales", "Head of Growth", "Director of Marketing", "VP Revenue Operations"],
  practitioner: ["Sales Manager", "Account Executive", "Marketing Specialist", "SDR Team Lead"],
};
const PAGES = ["/pricing", "/case-studies/northwind", "/getting-started", "/roi-calculator", "/product/features", "/blog/outbound-tips", "/about"];
const FIRST = ["Avery", "Jordan", "Riley", "Morgan", "Casey", "Taylor", "Quinn", "Harper", "Rowan", "Sage"];
const LAST = ["Nguyen", "Patel", "Garcia", "Kim", "Okafor", "Larsen", "Silva", "Cohen", "Moreau", "Ito"];
const COMPANY = ["Northwind", "Bluefin", "Ledgerly", "Tandem", "Brightpath", "Copperleaf", "Quanta", "Meridian"];
const INDUSTRIES = ["Computer Software", "Internet", "Financial Services", "Marketing & Advertising", "Retail"];
const SIZES = ["11-50", "51-200", "201-500", "501-1,000", "1,001-5,000"];
const STATES = ["NY", "CA", "TX", "IL", "WA", "MA", "CO", "FL"];

export interface SimVisitor {
  index: number;
  persona: Persona;
  email: string;
  domain: string;
  payload: Record<string, string>;
  /** Pages viewed, one RB2B delivery each (repeat visits add page views to the same visitor). */
  pages: string[];
  /** Simulated seconds after the previous arrival (exponential, mean `meanGapS`). */
  gapS: number;
}

const pick = <T,>(rng: Rng, xs: readonly T[]) => xs[uniformInt(rng, xs.length)];

export const simDomainSuffix = (seed: number) => `.sim${seed}.example`;

export function simVisitors(seed: number, count: number, meanGapS = 600): SimVisitor[] {
  const rng = createRng(`visitors:${seed}`);
  return Array.from({ length: count }, (_, i) => {
    const persona = PERSONAS[uniformInt(rng, PERSONAS.length)];
    const first = pick(rng, FIRST), last = pick(rng, LAST);
    const company = `${pick(rng, COMPANY)} ${i}`;
    const domain = `c${i}${simDomainSuffix(seed)}`;
    const email = `${first}.${last}@${domain}`.toLowerCase();
    const pages = [...new Set(Array.from({ length: 1 + uniformInt(rng, 3) }, () => pick(rng, PAGES)))];
    const payload: Record<string, string> = {
      "LinkedIn URL": `https://www.linkedin.com/in/sim-${seed}-${i}/`,
      "First Name": first, "Last Name": last, Title: pick(rng, TITLES[persona]), "Company Name": company,
      "Business Email": email, Website: `https://${domain}`, Industry: pick(rng, INDUSTRIES), "Employee Count": pick(rng, SIZES),
      "Estimate Revenue": "$10M rev", City: "Springfield", State: pick(rng, STATES), Zipcode: "10001",
      Referrer: "https://www.google.com/", "Captured URL": `https://caio-swarm.example${pages[0]}`, Tags: "",
    };
    return { index: i, persona, email, domain, payload, pages, gapS: -Math.log(1 - rng.next()) * meanGapS };
  });
}

/** Reply texts the product's rule classifier reads as the intended kind (server/domain/reply-classifier.ts). */
export const REPLY_TEXT = {
  POSITIVE: "Thanks for reaching out. This is timely - let's talk. Could we book a call next week?",
  NEGATIVE: "Thanks, but we're not interested at the moment.",
  NEUTRAL: "Who else on your team works with companies our size? Forwarding to a colleague.",
  OUT_OF_OFFICE: "I am currently out of the office with limited access to email.",
  UNSUBSCRIBE: "Please remove me from your list.",
} as const;
