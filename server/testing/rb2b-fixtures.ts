/** Realistic RB2B deliveries (field names and shapes as RB2B sends them). */
export function rb2bPerson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "LinkedIn URL": "https://www.linkedin.com/in/jordan-rivera-0a1b2c/",
    "First Name": "Jordan",
    "Last Name": "Rivera",
    Title: "VP of Revenue Operations",
    "Company Name": "Acme Analytics",
    "Business Email": "jordan.rivera@acme-analytics.com",
    Website: "https://acme-analytics.com",
    Industry: "Computer Software",
    "Employee Count": "51-200",
    "Estimate Revenue": "$22M rev",
    City: "Austin",
    State: "Texas",
    Zipcode: "73301",
    "Seen At": "2026-11-24T10:15:00.000Z",
    Referrer: "https://www.google.com/",
    "Captured URL": "https://caio-swarm.example/pricing",
    Tags: "Hot Pages, Hot Leads",
    ...overrides,
  };
}

export function rb2bCompanyOnly(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "LinkedIn URL": null,
    "First Name": null,
    "Last Name": null,
    Title: null,
    "Company Name": "Globex Corporation",
    "Business Email": null,
    Website: "https://globex.example",
    Industry: "Information Technology & Services",
    "Employee Count": "10,001+",
    "Estimate Revenue": null,
    City: "Springfield",
    State: "Oregon",
    Zipcode: "97477",
    "Seen At": "2026-11-24T11:00:00.000Z",
    Referrer: null,
    "Captured URL": "https://caio-swarm.example/case-studies/acme",
    Tags: "",
    ...overrides,
  };
}
