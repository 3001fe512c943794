//! Spam takeovers: a cited domain that lapsed and was bought to sell
//! casinos, pills or pornography. The page answers 200 and may even keep
//! the old title; only its words tell, and only when the citing sentence
//! is not about that very topic (a news report on casinos is no takeover).
//! Pure text work: no I/O.

/// What a domain taken over for spam sells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Takeover {
    /// Online casinos and betting.
    Gambling,
    /// Pills without prescription.
    Pharmacy,
    /// Pornography.
    Adult,
}

impl Takeover {
    /// The topic in words, for the link's detail.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Self::Gambling => "an online casino or betting site",
            Self::Pharmacy => "an online pharmacy",
            Self::Adult => "an adult site",
        }
    }

    /// The words of the topic, folded (lower case, simplified Chinese).
    fn words(self) -> &'static [&'static str] {
        match self {
            Self::Gambling => &[
                "casino",
                "slots",
                "slot machine",
                "poker",
                "roulette",
                "blackjack",
                "baccarat",
                "betting",
                "sportsbook",
                "jackpot",
                "free spins",
                "bet now",
                "gambling",
                "bookmaker",
                "博彩",
                "娱乐城",
                "赌场",
                "百家乐",
                "老虎机",
                "投注",
                "赌博",
                "六合彩",
                "时时彩",
                "真人荷官",
                "体育投注",
                "彩票",
                "下注",
                "棋牌",
            ],
            Self::Pharmacy => &[
                "viagra",
                "cialis",
                "levitra",
                "pharmacy",
                "pills",
                "prescription",
                "generic",
                "erectile",
                "tramadol",
                "伟哥",
                "药房",
                "处方药",
                "壮阳",
            ],
            Self::Adult => &[
                "porn",
                "xxx",
                "sex cam",
                "escort",
                "adult videos",
                "nude",
                "色情",
                "成人视频",
                "约炮",
                "裸聊",
            ],
        }
    }

    /// The topic's words as one pattern, built once: a page is searched
    /// once per topic, not once per word.
    fn pattern(self) -> &'static regex::Regex {
        static PATTERNS: std::sync::LazyLock<[regex::Regex; 3]> = std::sync::LazyLock::new(|| {
            TAKEOVERS.map(|topic| {
                let words: Vec<String> = topic.words().iter().map(|w| regex::escape(w)).collect();
                regex::Regex::new(&words.join("|")).expect("a valid pattern")
            })
        });
        &PATTERNS[self as usize]
    }

    /// Whether a folded text speaks of the topic.
    pub(crate) fn mentioned_in(self, folded: &str) -> bool {
        self.pattern().is_match(folded)
    }

    /// How many times a folded text speaks of it.
    fn mentions(self, folded: &str) -> usize {
        self.pattern().find_iter(folded).count()
    }
}

/// The topics the takeover test looks for.
const TAKEOVERS: [Takeover; 3] = [Takeover::Gambling, Takeover::Pharmacy, Takeover::Adult];

/// Mentions of a topic a page's text needs, besides its title or summary
/// naming it, to be that topic's page.
const TAKEOVER_MENTIONS: usize = 5;

/// What a page sells, when it is a casino, pharmacy or adult page: its
/// title or summary speaks of that, and its text does again and again. A
/// page that only mentions a casino is not one. The caller decides whether
/// the citation was about that topic anyway (a news report on casinos is no
/// takeover). Texts are folded.
pub(crate) fn takeover(title_and_summary: &str, text: &str) -> Option<Takeover> {
    TAKEOVERS.into_iter().find(|topic| {
        topic.mentioned_in(title_and_summary) && topic.mentions(text) >= TAKEOVER_MENTIONS
    })
}
