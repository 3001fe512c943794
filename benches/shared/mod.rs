//! What the benches share: the news text their cited pages say.

/// A paragraph of a news report, with numbers, dates and names to check
/// claims against.
pub const PARAGRAPH: &str = "Soviet foreign minister Vyacheslav Molotov arrived in Berlin on \
    12 November 1940 with a delegation of 65 officials for talks with Joachim von \
    Ribbentrop and Adolf Hitler. The Germans proposed that the Soviet Union join the \
    Tripartite Pact, and offered a share of the British Empire. Trade between the two \
    countries had reached 1.5 million tonnes of grain and 900,000 tonnes of oil under \
    the agreement of 11 February 1940.";
