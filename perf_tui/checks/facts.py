"""Facts, not judgments (面谈前: "用事实代替主观评价").

A statement is a judgment when it evaluates without evidence; it is a fact when it says what
can be observed. `judge(text, lang)` recognises a judgment by what it is, not by a list of the
form's words, in English and Chinese (both rule sets always run: people mix languages):

- label       evaluative or personality words, praise or criticism ("sloppy", "a real team
              player", "靠谱", "很踏实"), a verdict on a work product ("the report was sloppy",
              "报告写得很敷衍"); English evaluative adjectives also come from the VADER lexicon
              when they stand where a verdict stands ("was dreadful", "a terrific job")
- generalisation  always, never, constantly, 总是, 从不, 经常 (unless bounded: "never missed a
              stand-up in Q3" is a fact)
- hedge       hedged criticism: "could be better", "needs work", 有待提高, 还有提升空间, 不够细致
- motive      inferred motives, attitude or opinion: "doesn't care", "seems", "I feel",
              没干劲, 不把…当回事, 好像, 态度
- comparison  a comparison without data: "better than the rest", 比…强, 不如, 最优秀
- slang       colloquial verdicts: "crushed it", "dropped the ball", 拉胯, 摸鱼, 佛系

- unsupported  a statement of some length with no sign of anything observed: no action verb, no
              past tense, no number, date or quote ("Customers love her", "他缺少全局观"); measured
              on the corpus, 204 of 205 facts carry such a sign and two thirds of the judgments do not

Facts need no digits ("She presented the roadmap to the board in place of her manager") and may
use negative verbs (missed, failed, 延迟); quoted words are facts ('he said "not my problem"').
Evidence next to a verdict does not make the verdict a fact: one judgment makes the statement a
judgment.

`check_fact(text, lang)` -> [warn "facts.judgment.<kind>" (words=...)] or [].
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from perf_tui.checks import Finding, finding
from perf_tui.checks.lexicon import vader_valence

KINDS = ("slang", "motive", "generalisation", "hedge", "comparison", "label", "unsupported")


@dataclass(frozen=True)
class Judgment:
    judgment: bool
    kind: str = ""  # the first kind found, in KINDS order
    words: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------- English

def _alternation(phrases: tuple[str, ...]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_SLANG_EN = (
    "crushed it", "nailed it", "killed it", "smashed it", "rocked it", "knocked it out of the park",
    "dropped the ball", "dropping the ball", "drops the ball", "phoned it in", "phoning it in", "on fire", "on point",
    "top-notch", "top notch", "first-rate", "second-rate", "subpar", "sub-par", "below par", "up to par", "not up to par",
    "behind the curve", "ahead of the curve", "above and beyond", "the extra mile", "rockstar", "rock star",
    "superstar", "slacker", "slacking", "team player", "people person", "go-getter", "self-starter", "high performer",
    "low performer", "top performer", "solid performer", "strong performer", "weak performer", "poor performer",
    "a natural", "train wreck", "trainwreck", "a mess", "a disaster", "a nightmare", "a liability", "weak link",
    "dead weight", "deadwood", "mvp", "a pleasure to work with", "a joy to work with", "a gem", "an asset",
    "good job", "great job", "nice job", "nice work", "great work", "good work", "excellent work", "amazing work",
    "well done", "keep it up", "keep up the good work", "kudos", "bravo", "meh", "so-so", "not great", "not bad",
    "not ideal", "nothing special", "nothing to write home about", "hard work", "hard worker", "hard-working",
    "hardworking", "thanks for all", "no-brainer", "half-baked", "half baked", "sloppy", "on the ball", "rock solid",
    "a good fit", "a great fit", "not a fit", "not a great fit", "not a good fit", "good fit", "bad fit",
    "pulled their weight", "pull his weight", "pull her weight", "pulls his weight", "pulls her weight", "coasting",
    "checked out", "clock-watcher", "clock watcher", "a star", "the star", "stepped up", "steps up",
    "raised the bar", "raised his game", "raised her game", "upped his game", "upped her game", "came through",
    "really delivered", "struggles with", "struggled with", "struggling with", "struggles to", "lone wolf",
    "thanks to him", "thanks to her", "thanks to them", "thanks to you", "work ethic", "go-to person", "go-to guy",
    "rough edges", "needs hand-holding", "hand-holding", "out of his depth", "out of her depth", "in over his head",
    "in over her head", "a safe pair of hands", "moved the needle", "punches above", "low energy", "high energy",
    "a breath of fresh air", "a role model", "role model", "a rock", "not a team player", "take initiative",
    "takes initiative", "taking initiative", "take ownership", "takes ownership", "own his mistakes",
    "own her mistakes", "own their mistakes", "pulling her weight", "pulling his weight", "pulling their weight",
    "pull their weight", "second to none", "best in class", "best-in-class", "world-class", "world class",
    "top of the class", "head and shoulders above", "not up to scratch", "up to scratch", "below the bar",
    "above the bar", "raises the bar", "sets the bar", "needs to", "need to", "should", "ought to", "has to learn",
    "must be more", "must learn", "has a tendency", "have a tendency", "tendency to", "prone to", "inclined to",
    "in the habit of", "a habit of", "lacked", "lacks", "lacking", "too much", "too many", "too little",
    "too few", "tight ship", "low-value", "high-value", "low value", "high value",
)
# "His attendance is a concern", "The migration was a success": a verdict as the predicate noun.
_VERDICT_NOUN_EN = re.compile(
    r"\b(?:is|was|are|were|has been|have been|'s|remains|remained|seems|seemed|became|proved|turned out to be)\s+"
    r"(?:(?:a|an|the|real|big|huge|major|minor|clear|bit of a|something of a|such a|quite a|definite|genuine|"
    r"constant|ongoing|recurring|serious|total|complete|great|small|slight|key|massive)\s+){0,3}"
    r"(?:concern|worry|issue|problem|success|failure|flop|improvement|disappointment|letdown|let-down|strength|"
    r"weakness|asset|liability|pleasure|joy|pain|struggle|highlight|standout|stand-out|mess|disaster|triumph|win|"
    r"bottleneck|blocker|gap|hero|star|legend|natural|credit|example|inspiration|headache|nightmare|godsend|"
    r"game[- ]changer|step up|step back|step forward|red flag|weak spot|blind spot|work in progress)\b")
# "her follow-through has slipped lately": a trend without its figures.
_TREND_EN = re.compile(r"\b(?:has|have|had)\s+(?:really\s+|noticeably\s+|clearly\s+)?(?:slipped|improved|declined|dropped|"
                       r"deteriorated|gotten better|gotten worse|got better|got worse|picked up|fallen off|tailed off)\b")
# "overpromises and underdelivers", "overcomplicates", "underperformed": a verdict in the verb itself.
_OVER_UNDER_EN = re.compile(r"\b(?:over|under)(?:promis|deliver|perform|achiev|commit|think|engineer|complicat|"
                            r"communicat|react|sell|shar)\w*")
_MOTIVE_EN = (
    "doesn't care", "does not care", "didn't care", "did not care", "don't care", "not care", "couldn't care less",
    "doesn't seem", "does not seem", "seems", "seemed", "seem to", "appears to", "appeared to", "apparently",
    "probably", "i feel", "i felt", "i think", "i believe", "i get the feeling", "i get the sense",
    "i get the impression", "i have the impression", "my impression", "in my opinion", "i suspect", "i guess",
    "feels like", "felt like", "looks like he", "looks like she", "not interested", "uninterested",
    "not motivated", "unmotivated", "lacks motivation", "lack of motivation", "not committed", "not engaged",
    "disengaged", "heart isn't in it", "heart is not in it", "going through the motions", "doesn't want to",
    "does not want to", "didn't want to", "can't be bothered", "cannot be bothered", "couldn't be bothered",
    "didn't bother", "doesn't bother", "doesn't take", "does not take", "not take it seriously", "takes it personally",
    "attitude", "mindset", "looking elsewhere", "defensive", "gets defensive", "doesn't listen", "does not listen",
    "never listens", "won't listen", "lacks confidence", "lack of confidence", "lacks", "lacking", "lack of",
    "is not a", "isn't a", "wants to be", "thinks he", "thinks she", "enthusiasm", "passion", "ownership mentality",
    "potential", "not serious", "isn't serious", "no sense of",
)
_HEDGE_EN = (
    "could be better", "could be stronger", "could be more", "could be clearer", "could improve", "could do better",
    "could use some work", "could use work", "could have been", "could've been", "needs improvement",
    "needs to improve", "need to improve", "needs work", "needs some work", "need some work", "needs more work",
    "needs to be more", "needs to be", "needs more", "room for improvement", "room to improve", "room to grow",
    "not quite", "not always", "leaves a lot to be desired", "leaves something to be desired",
    "leaves much to be desired", "below expectations", "above expectations", "meets expectations",
    "met expectations", "exceeds expectations", "exceeded expectations", "beyond expectations", "short of expectations",
    "falls short", "should be more", "should be better", "a bit too", "a little too", "not enough",
    "not detailed enough", "not clear enough", "not fast enough", "not good enough", "mediocre", "average",
    "pretty average", "so-so", "ok-ish", "okay-ish", "not the strongest", "not the best", "isn't the strongest",
    "inconsistent", "hit or miss", "hit and miss", "underwhelming", "not up to", "not at the level",
    "not where it should be", "not there yet", "getting there", "improving", "has improved", "more focused",
)
_LABELS_EN = (
    "lazy", "careless", "messy", "proactive", "passive", "diligent", "responsible", "irresponsible", "reliable",
    "unreliable", "dependable", "undependable", "trustworthy", "untrustworthy", "consistent", "motivated", "driven",
    "ambitious", "committed", "dedicated", "engaged", "enthusiastic", "energetic", "arrogant", "humble", "rude",
    "polite", "friendly", "unfriendly", "abrasive", "harsh", "difficult", "easy-going", "easygoing", "smart",
    "intelligent", "clever", "bright", "brilliant", "talented", "gifted", "competent", "incompetent", "capable",
    "incapable", "skilled", "unskilled", "weak", "weakest", "strong", "strongest", "solid", "excellent",
    "outstanding", "exceptional", "amazing", "awesome", "fantastic", "great", "good", "nice", "bad", "poor",
    "terrible", "awful", "horrible", "shallow", "superficial", "thorough", "detail-oriented", "organised",
    "organized", "disorganised", "disorganized", "unorganised", "unorganized", "structured", "unstructured",
    "chaotic", "confusing", "elegant", "impressive", "unimpressive", "professional",
    "unprofessional", "mature", "immature", "emotional", "quiet", "shy", "introverted", "loud", "bossy", "pushy",
    "stubborn", "flexible", "rigid", "creative", "innovative", "productive", "unproductive", "efficient",
    "inefficient", "effective", "ineffective", "slow", "sharp", "focused", "unfocused", "distracted", "careful",
    "meticulous", "conscientious", "helpful", "unhelpful", "supportive", "unsupportive",
    "vague", "badly", "poorly", "nicely", "beautifully", "brilliantly", "superbly", "sloppily", "carelessly",
    "lazily", "well-written", "well written", "well put together", "well-organised", "well organised",
    "well-prepared", "well prepared", "well thought out", "well-thought-out", "poorly thought out", "negative",
    "positive", "toxic", "abrupt", "dismissive", "lackluster", "lacklustre", "excellence", "lovely", "wonderful",
    "superb", "stellar", "terrific", "fabulous", "dreadful", "disappointing", "annoying", "frustrating",
    "overcomplicate", "overcomplicates", "overthinks", "micromanages", "micromanaging", "complacent", "sluggish",
    "impatient", "patient", "reserved", "confident", "insecure", "knowledgeable",
    "hardworking", "communicator", "performer", "smoothly", "seamlessly", "flawlessly",
    "perfectly", "effortlessly", "sloppy", "sparse", "verbose", "rambling", "concise", "succinct", "unclear",
    "thoughtful", "thoughtless", "considerate", "inconsiderate", "respectful", "disrespectful", "aggressive",
    "passive-aggressive", "condescending", "cynical", "optimistic", "pessimistic", "eager", "reluctant",
    "hesitant", "indecisive", "decisive", "strategic", "visionary", "charismatic", "approachable",
    "unapproachable", "personable", "likeable", "likable", "aloof", "moody", "temperamental", "volatile",
    "composed", "level-headed", "resilient", "adaptable", "curious", "coachable", "uncoachable", "accountable",
    "trustworthy", "honest", "dishonest", "loyal", "punctual", "unpunctual", "tardy", "rigorous", "attentive",
    "inattentive", "imprecise", "inaccurate", "error-prone", "questionable", "dependable", "resourceful",
    "articulate", "inarticulate", "assertive", "timid", "lazy", "sluggish", "outstanding", "solid",
    "remarkable", "mediocre", "subpar", "lackluster", "uninspired", "inspiring", "inspirational", "insightful",
    "shallow", "careless", "clumsy", "messy", "chaotic", "difficult", "demanding", "reactive", "self-motivated",
    "entitled", "overbearing", "opinionated", "closed-minded", "open-minded", "micromanager", "nitpicky",
    "pedantic", "meticulous", "thorough", "diligent", "hard to follow", "hard to read", "hard to understand",
    "hard to work with", "difficult to work with", "easy to work with", "hard to reach", "hard to deal with",
    "difficult to deal with", "a pleasure", "weakness", "weaknesses", "strength", "strengths", "patchy", "spotty",
    "uneven", "erratic", "shaky", "rough", "negativity", "positivity", "arrogance", "laziness", "carelessness",
    "sloppiness", "professionalism", "enthusiasm", "dedication", "complacency", "rudeness", "ego", "toxicity",
    "brilliance", "competence", "incompetence", "drama", "immaturity", "maturity", "integrity", "reliability",
    "unreliability", "dismissive", "defensive", "stellar", "lacklustre", "exemplary", "commendable", "admirable",
    "impeccable", "spotless", "shoddy", "slapdash", "half-hearted", "wholehearted", "stubbornness",
)
# An evaluative word that qualifies a report, not a person ("positive feedback from two customers").
_REPORTED = re.compile(r"\s+(?:feedback|review|reviews|comments?|ratings?|scores?|responses?|results?|growth|trend|"
                       r"margin|balance|cash ?flow|numbers|nps|sentiment|reply|replies|test|tests)\b")
# Participles and words that are verbs or neutral elsewhere ("he organised the offsite", "she
# committed the fix"): a verdict only where a verdict stands (after "is", "very", ... or before
# "person", "work", ...).
_PREDICATIVE_EN = frozenset(("organised", "organized", "disorganised", "disorganized", "structured",
                             "unstructured", "committed", "engaged", "focused", "driven", "confused",
                             "experienced", "inexperienced", "distracted", "motivated", "dedicated", "clean",
                             "fit", "collaborative", "independent", "organised", "prepared", "detailed",
                             "quick", "fast", "clear", "open", "closed", "responsive", "available", "accurate",
                             "strong", "weak", "slow", "busy", "calm", "warm", "cold", "distant",
                             "sharp", "direct", "blunt", "quiet", "loud", "involved", "invested", "passionate",
                             "keen", "hungry", "green", "junior", "senior", "fragile", "stable", "unstable"))
_GENERALISE_EN = ("always", "never", "constantly", "continually", "forever", "all the time", "every time",
                  "each time", "keeps", "keep making", "tends to", "tend to", "usually", "typically", "invariably",
                  "time and again", "again and again", "as usual", "rarely", "seldom", "hardly ever", "often",
                  "frequently", "whenever", "perpetually", "habitually", "chronically", "consistently", "sometimes")
_BOUND_EN = re.compile(r"\b(?:in|during|this|last|since|over|throughout|for)\b[^.;]*?(?:\bq[1-4]\b|\d|quarter|month|"
                       r"week|year|sprint|release|january|february|march|april|may|june|july|august|september|"
                       r"october|november|december|period|project)")
_COMPARE_EN = re.compile(r"\b(?:better|worse|(?:more|less)\s+[a-z-]+|(?!(?:lat|earli|oth|rath|ov|und|aft|fast|"
                         r"larg|small|high|low|long|short|old|young|bigg|newer)er\b)[a-z]{3,}er)\s+than\b"
                         r"|\b(?:the\s+)?(?:best|worst|strongest|weakest|smartest|brightest|laziest|slowest|sharpest)\b"
                         r"|\bthe\s+(?:most|least)\s+[a-z-]+|\bcompared\s+(?:to|with)\b|\bnot\s+as\s+[a-z-]+\s+as\b"
                         r"|\b(?:than|as)\s+(?:the rest|others|anyone|most|his peers|her peers|their peers|peers|"
                         r"last year|before|everyone)\b")
_WELL_EN = re.compile(r"\b(?:went|did|done|performed|handled|written|organi[sz]ed|prepared|run|received|delivered|"
                      r"managed|executed|presented)\s+(?:very\s+|really\s+|so\s+|extremely\s+|quite\s+)?well\b"
                      r"|\bwell[- ](?:done|written|organi[sz]ed|prepared|run|received|put together|thought[- ]out)\b"
                      r"|\bso\s+(?:good|bad|great|slow|helpful|"
                      r"impressive|professional|careless)\b")
# A VADER word reads as a verdict where a verdict stands: after a copula or an intensifier, or
# before a word naming a person, the work or the period ("was dreadful", "a terrific job").
_VERDICT_BEFORE = frozenset(("get", "gets", "got", "getting", "become", "becomes", "became", "remain", "remains",
                             "remained", "stay", "stays", "stayed", "appear", "appears", "appeared", "easily",
                             "often", "sometimes", "usually", "increasingly", "unusually", "exceptionally",
                             "is", "was", "are", "were", "be", "been", "being", "s", "seems", "seemed", "looks",
                             "looked", "sounds", "sounded", "felt", "feels", "very", "so", "really", "too", "quite",
                             "pretty", "extremely", "super", "incredibly", "somewhat", "rather", "fairly", "not",
                             "such", "truly", "genuinely", "absolutely", "remarkably", "overly", "bit", "little",
                             "always", "consistently", "most", "more", "less", "least", "generally", "overall",
                             "real", "just", "kind", "sort", "of"))
_VERDICT_AFTER = frozenset(("job", "work", "effort", "attitude", "performance", "person", "guy", "employee",
                            "worker", "colleague", "engineer", "manager", "communicator", "leader", "quarter",
                            "year", "month", "presentation", "report", "deck", "analysis", "design", "code", "idea",
                            "plan", "energy", "start", "progress", "teammate", "contributor", "learner", "writer",
                            "speaker", "listener", "team", "mindset", "outcome", "results", "sprint"))
# Words VADER rates that name an observable event or a neutral act, not a verdict.
_NOT_VERDICTS = frozenset((
    "fail", "failed", "fails", "failure", "miss", "missed", "complaint", "complaints", "complained", "delay",
    "delayed", "error", "errors", "lost", "lose", "win", "won", "wins", "award", "awarded", "thank", "thanks",
    "thanked", "praise", "praised", "crash", "crashed", "broke", "broken", "problem", "problems", "issue", "risk",
    "risks", "bug", "bugs", "outage", "incident", "cancel", "cancelled", "reject", "rejected", "escalate", "kill",
    "dead", "fire", "fired", "promote", "promoted", "leave", "quit", "help", "helped", "support", "supported",
    "care", "protect", "agree", "agreed", "accept", "accepted", "approve", "approved", "like", "want", "hope",
    "ok", "okay", "yes", "no", "please", "free", "save", "saved", "reduce", "benefit", "gain", "fix", "fixed",
    "pay", "paid", "trust", "share", "shared", "join", "joined", "welcome", "solve", "solved", "resolve",
    "resolved", "clear", "cleared", "volunteer", "volunteered", "mentor", "grant", "granted", "block", "blocked",
    "stop", "stopped", "attack", "alert", "alerts", "emergency", "urgent", "damage", "damaged", "loss", "losses",
    "churn", "churned", "fraud", "lawsuit", "legal", "sick", "ill", "died", "death", "war", "cut", "cuts",
    "debt", "tax", "audit", "vacation", "holiday", "party", "gift", "bonus", "reward", "rewarded", "prize",
    "honor", "honour", "celebrate", "celebrated", "successfully", "success", "succeeded", "ready", "sure",
    "true", "false", "fun", "interest", "interested", "engage", "intend", "demand", "demanded", "warn", "warned",
    "warning", "ignore", "ignored", "doubt", "reverted", "breaking", "worry", "worried", "pressure", "excuse",
    "apology", "apologized", "apologised", "sorry", "smile", "smiled", "laugh", "laughed", "cry", "cried",
))
_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』|(?<![a-z])'[^']{3,}'(?![a-z])")


def _find(pattern: re.Pattern[str], text: str) -> list[str]:
    return [m.group(0).strip() for m in pattern.finditer(text)]


def _find_labels(pattern: re.Pattern[str], text: str) -> list[str]:
    """Label words, except where they qualify a report ("positive feedback", "strong growth of 12%")."""
    return [m.group(0).strip() for m in pattern.finditer(text) if not _REPORTED.match(text, m.end())]


# "handles pressure well", "communicates badly": a manner verdict at the end of a clause.
_MANNER_EN = re.compile(r"(?<!as )\b(?:well|badly|poorly|brilliantly|terribly|nicely|beautifully|superbly|"
                        r"admirably|sloppily)\s*(?:[.!,;]|$)")
_QUICK_TO_EN = re.compile(r"(?:^|\b(?:is|was|are|were|been|very|too|so|always|often)\s+)(?:quick|slow|fast|eager|keen|"
                          r"reluctant|hesitant|happy|willing|unwilling|ready|first|last)\s+to\s+[a-z]+")


_RE_SLANG_EN = re.compile(rf"(?<![a-z-])(?:{_alternation(_SLANG_EN)})(?![a-z-])")
_RE_MOTIVE_EN = re.compile(rf"(?<![a-z-])(?:{_alternation(_MOTIVE_EN)})(?![a-z-])")
_RE_HEDGE_EN = re.compile(rf"(?<![a-z-])(?:{_alternation(_HEDGE_EN)})(?![a-z-])")
_RE_LABEL_EN = re.compile(
    rf"(?<![a-z-])(?:{_alternation(tuple(w for w in _LABELS_EN if w not in _PREDICATIVE_EN))})(?![a-z-])")
_RE_GENERAL_EN = re.compile(rf"(?<![a-z-])(?:{_alternation(_GENERALISE_EN)})(?![a-z-])"
                            r"|\b(?:everyone|everybody|nobody|no one|people|customers|clients|colleagues)\s+"
                            r"(?:loves?|likes?|hates?|enjoys?|adores?|trusts?|respects?|dislikes?|admires?)\b")


def _vader_verdicts(text: str) -> list[str]:
    lexicon = vader_valence()
    if not lexicon:
        return []
    words = _WORD.findall(text.replace("’", "'").replace("'s ", " s "))
    found = []
    for i, word in enumerate(words):
        predicative = word in _PREDICATIVE_EN
        if not predicative and (word not in lexicon or word in _NOT_VERDICTS or word.endswith("ed")):
            continue
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if after in ("feedback", "review", "reviews", "comments", "rating", "ratings", "score", "growth"):
            continue
        if i == 0 or before in _VERDICT_BEFORE or after in _VERDICT_AFTER:  # "Slow to respond", "Quick learner"
            found.append(word)
    return found


def _english(text: str) -> list[tuple[str, list[str]]]:
    kinds: list[tuple[str, list[str]]] = []
    kinds.append(("slang", _find(_RE_SLANG_EN, text)))
    kinds.append(("motive", _find(_RE_MOTIVE_EN, text)))
    general = _find(_RE_GENERAL_EN, text)
    if general and _BOUND_EN.search(text):
        general = [w for w in general if w not in ("never", "always", "every time", "each time", "consistently")]
    kinds.append(("generalisation", general))
    kinds.append(("hedge", _find(_RE_HEDGE_EN, text)))
    kinds.append(("comparison", [] if re.search(r"\d", text) else _find(_COMPARE_EN, text)))
    labels = _find_labels(_RE_LABEL_EN, text) + _find(_WELL_EN, text) + _find(_MANNER_EN, text)
    labels += _find(_QUICK_TO_EN, text) + _find(_VERDICT_NOUN_EN, text) + _find(_OVER_UNDER_EN, text)
    if not re.search(r"\d", text):
        labels += _find(_TREND_EN, text)
    labels += [w for w in _vader_verdicts(text) if w not in labels]
    kinds.append(("label", labels))
    return kinds


# --------------------------------------------------------------------------- Chinese

_SLANG_ZH = ("拉胯", "拉垮", "摸鱼", "佛系", "划水", "躺平", "摆烂", "掉链子", "拖后腿", "甩锅", "大神", "大牛", "666",
             "yyds", "牛逼", "牛b", "牛掰", "绝了", "顶呱呱", "一把好手", "能扛事", "扛把子", "两把刷子", "吊儿郎当",
             "稀里糊涂", "走过场", "打酱油", "混日子", "画饼", "好样的", "点赞", "辛苦了", "不给力", "给力", "靠谱",
             "不靠谱", "靠得住", "靠不住", "坑队友", "太水", "很水", "菜鸟", "太菜", "很菜", "磨洋工", "混", "偷懒",
             "没毛病", "杠杠的", "真行", "真棒", "太棒", "很棒", "棒棒", "干得漂亮", "干得不错", "干得好", "马马虎虎",
             "凑合", "一般般", "差劲", "一塌糊涂", "乱七八糟", "拖拖拉拉", "磨磨蹭蹭", "丢三落四", "虎头蛇尾",
             "火候", "骨干", "中坚", "顶梁柱", "尖子", "标杆", "榜样", "短板", "拖油瓶", "刺头", "老黄牛", "人才", "能手",
             "多面手", "万金油", "马大哈", "干净利落", "雷厉风行", "兢兢业业", "任劳任怨", "一丝不苟", "精益求精",
             "有条不紊", "得心应手", "游刃有余", "手忙脚乱", "粗枝大叶", "拖泥带水", "敷衍了事", "尽心尽力", "脚踏实地",
             "眼高手低", "心浮气躁", "不思进取", "得过且过", "独当一面", "出类拔萃", "可圈可点", "中规中矩", "平平",
             "平庸", "乏善可陈", "毛手毛脚", "大大咧咧", "心不在焉", "糊里糊涂", "会来事", "情商高", "情商低", "有眼力",
             "没眼力", "接地气", "高大上", "拎得清", "拎不清", "有想法", "没想法", "有灵气", "机灵", "死板", "灵活",
             "较真", "强势", "软弱", "好说话", "难搞", "佼佼者", "领头羊", "扛事", "甩手掌柜", "老好人", "闷葫芦",
             "专家", "高手", "行家", "老手", "新手", "大拿", "能人", "好手", "亮点", "没什么", "没啥", "让人", "令人",
             "叫人", "放心", "省心", "操心", "头疼", "失望", "章法", "能说会道", "有两下子", "不错的", "敏感", "迟钝",
             "空洞", "很空", "太空", "推卸", "推诿", "辛苦", "靠谱的", "有一套", "不行", "够呛", "堪忧", "欠妥", "不妥",
             "不当", "得当", "妥当", "周到", "不周", "欠考虑", "想得周全", "格局", "眼界", "悟性", "天赋", "资质",
             "雷声大雨点小", "说得多做得少", "光说不做", "只说不做", "看不懂", "听不懂", "搞不懂", "摸不着头脑", "只会",
             "光会", "只知道", "有所提高", "有所提升", "有所改善", "有所进步", "有所欠缺", "有所下降", "全局观", "大局观",
             "上手快", "上手慢", "上手很快", "复杂化", "想当然", "不靠谱", "有主见", "没主见", "强项", "弱项", "长处",
             "短处", "优点", "缺点", "优势", "劣势", "井井有条", "有声有色", "一团糟", "一团乱麻", "手到擒来", "驾轻就熟",
             "力不从心", "捉襟见肘", "顾此失彼", "丢了西瓜", "本末倒置", "事半功倍", "事倍功半", "得力", "给人感觉",
             "爱答不理", "时间观念", "没有时间观念", "抓不住", "分不清", "找不准", "不得要领", "抓重点", "缺少主见", "有担当", "没担当", "不担当", "贡献很大", "贡献大")
_MOTIVE_ZH = ("好像", "似乎", "感觉", "觉得", "看起来", "看上去", "貌似", "估计", "大概", "恐怕", "我认为", "我看",
              "当回事", "放在心上", "没干劲", "没什么干劲", "没啥干劲", "干劲", "热情", "动力", "激情", "积极性",
              "上进心", "责任心", "责任感", "事业心", "不上心", "不用心", "用心", "不在乎", "无所谓", "不在意",
              "心思不在", "敷衍", "态度", "心态", "不愿意", "不太愿意", "不愿", "不想", "不肯", "怕担责任", "怕承担",
              "情绪化", "情商", "不重视", "不够重视", "重视", "抱怨", "难合作", "难沟通", "不配合", "积极主动", "主动性",
              "状态不", "状态很", "状态挺", "状态一般", "状态不错", "状态好", "状态差", "缺乏", "意识淡薄", "意识不强",
              "意识差", "合作意识", "团队意识", "不适合", "适合", "潜力", "不靠谱")
_HEDGE_ZH = ("有待", "待提高", "待加强", "待改进", "有提升空间", "提升空间", "进步空间", "改进空间", "成长空间",
             "还可以", "还行", "还不错", "不错", "一般", "不太理想", "不够理想", "不理想", "不尽如人意", "差强人意",
             "欠缺", "欠佳", "还需要加强", "还需加强", "需要加强", "需要提高", "需要提升", "需要改进", "还需提高",
             "还需努力", "偏低", "偏弱", "偏慢", "偏差", "偏少", "略显", "稍显", "略差", "稍差", "低了点", "差了点",
             "差一些", "差一点", "弱了点", "慢了点", "超预期", "超出预期", "低于预期", "符合预期", "未达预期",
             "不及预期", "达到预期", "淡薄", "薄弱", "不足之处")
_LABELS_ZH = ("优秀", "出色", "卓越", "杰出", "厉害", "认真", "负责任", "不负责", "尽职尽责", "尽责", "敬业", "积极",
              "勤奋", "努力", "踏实", "细心", "细致", "粗心", "马虎", "大意", "懒惰", "懒散", "懒", "拖延", "拖拉",
              "拖沓", "磨蹭", "散漫", "消极", "被动", "糟糕", "聪明", "能干", "不专业", "专业性", "稳重", "毛躁",
              "浮躁", "草率", "随意", "潦草", "粗糙", "完美", "漂亮", "到位", "扎实", "有担当", "担当", "有条理",
              "条理", "友好", "傲慢", "自大", "固执", "强势", "内向", "成熟", "幼稚", "高效", "低效", "效率低",
              "效率高", "进步", "建设性", "有创意", "创新能力", "不主动", "主动", "好员工", "好同事", "好苗子",
              "人品", "能力强", "能力差", "能力一般", "能力不足", "执行力", "领导力", "学习能力", "沟通能力", "抗压",
              "靠谱", "精神", "最能干", "难缠", "强", "弱")
_GENERALISE_ZH = re.compile(r"每次.{0,8}?都|每回.{0,8}?都|总能|总可以|一直能|总喜欢|老喜欢|就爱|总是|总爱|总会|总在|总要|总不|总没|总掉|总拖|总迟|老是|老爱|老迟到|从不|从来不|从来没|从没|"
                            r"一向|向来|经常|常常|动不动|每次都|每回都|一直都|一直不|一直没|一直拖|一直很|永远|屡次|"
                            r"很少|几乎不|几乎从不|几乎没有|时不时|三天两头|一贯")
_BOUND_ZH = re.compile(r"本季度|上季度|本月|上个?月|今年|去年|[一二三四五六七八九十\d]+月|q[1-4]|期间|以来|项目中|这次")
_DEGREE_ZH = re.compile(r"(?:很(?![多少])|太|非常|特别|十分(?!钟)|相当|挺|蛮|极其|极为|超级|比较(?![了\d一二两三四五六七八九十])|"
                        r"较为|有点儿?|稍微|过于|真(?![实正相的是])|越来越)(?=[\u4e00-\u9fff])")
_COMPLEMENT_ZH = re.compile(r"(?:做|写|办|干|搞|弄|讲|说|处理|完成|表现|执行|推进|落实|配合|沟通|准备|组织|安排|设计|跟进|回复|"
                            r"响应|汇报|学|练|改|管|带|策划|把控|协调)得(?!到|了|起|出|知|以|分|着)"
                            r"|(?<![获取觉记懂值显使免晓舍])得(?:很|太|非常|特别|挺|不|比较|相当|真|好|不错|差|一塌糊涂|漂亮|"
                            r"到位|及时|乱|粗|敷衍|用心|认真|马虎|随意|草率|出色|优秀|成功|失败|一般|还行|还可以|够)")
_COMPARE_ZH = re.compile(r"比.{1,10}?(?:强|好|差|快|慢|优秀|积极|认真|靠谱|进步|努力|用心|能干|聪明|专业)|不如|"
                         r"最(?:优秀|好|差|强|弱|能干|积极|认真|靠谱|快|慢|棒|出色|努力|聪明|用心|拖)|数他最|数她最|"
                         r"更(?:好|强|差|积极|主动|认真|用心|专业|成熟|出色)")
_ABILITY_ZH = re.compile(r"(?:能力|经验|投入|动力|积极性|意识|热情|干劲|主动性|责任心|信心|耐心|执行力|效率|情商|质量|"
                         r"水平|表现|状态|素质|[\u4e00-\u9fff](?:性|度|力|感|心))(?:很|较|比较|偏|太|非常|不够|有些|有点|都)?"
                         r"(?:不足|不够|欠缺|差|弱|低|高|强|淡薄|不强|不高|较弱|偏弱|一般|有限|不错|好|突出|堪忧|不佳|欠佳)"
                         r"|(?:逻辑|思路|条理|表达|重点|目标|定位|分工)(?:不|很|比较|有点|有些)?(?:清楚|清晰|混乱|模糊|明确|乱)"
                         r"|(?:速度|反应|进度|节奏|上手|学习|成长|进步|响应|动作)(?:很|较|比较|偏|太|非常|不够|有些|有点)?(?:快|慢)"
                         r"|缺少[\u4e00-\u9fff]{0,3}(?:观|意识|能力|经验|思维|主见|耐心|担当|责任心|主动性|热情|动力|自信|魄力|"
                         r"格局|眼光|判断力|执行力|方法|规划|条理)")
_NOT_ENOUGH_ZH = re.compile(r"不够(?=[\u4e00-\u9fff])")
# 主动 before a concrete act is an observable initiative ("主动承担跨部门协调"), not a label.
_PROACTIVE_ACT_ZH = re.compile(r"主动(?=承担|联系|提出|找|申请|汇报了|帮|协助|承接|对接|跟进|接手|发起|组织|分享|要求|"
                               r"加班|修复|排查|提交|整理|优化|上报|请缨|报名|揽下|顶上|值守|去|向|给|把|替|为)")
# Words that contain a slang word without meaning it: 拒绝了 is not 绝了, 混合 not 混.
_NOT_SLANG_ZH = re.compile(r"[拒杜谢断隔根灭]绝|混合|混用|混淆|混编|坑位|菜单|菜品|牛奶")
_AWARD_ZH = re.compile(r"(?:获评|被评为|荣获|评为|获得|获|当选)(?:了|为)?.{0,8}?(?:优秀|最佳|先进|标兵|之星)")


def _chinese_hits(text: str, words: tuple[str, ...], taken: list[bool]) -> list[str]:
    """Longest words first, each stretch of text counted once ("积极主动" is not also "积极")."""
    hits = []
    for word in sorted(words, key=len, reverse=True):
        start = text.find(word)
        while start != -1:
            span = range(start, start + len(word))
            if not any(taken[i] for i in span):
                for i in span:
                    taken[i] = True
                if word not in hits:
                    hits.append(word)
            start = text.find(word, start + 1)
    return hits


def _chinese(text: str) -> list[tuple[str, list[str]]]:
    if not re.search(r"[\u4e00-\u9fff]", text):
        return []
    text = _PROACTIVE_ACT_ZH.sub("**", _AWARD_ZH.sub("##", _NOT_SLANG_ZH.sub("##", text)))
    taken = [False] * len(text)
    kinds: list[tuple[str, list[str]]] = [("slang", _chinese_hits(text, _SLANG_ZH, taken))]
    kinds.append(("motive", _chinese_hits(text, _MOTIVE_ZH, taken)))
    general = _find(_GENERALISE_ZH, text)
    if general and _BOUND_ZH.search(text):
        general = [w for w in general if not w.startswith(("从", "一直"))]
    kinds.append(("generalisation", general))
    kinds.append(("hedge", _chinese_hits(text, _HEDGE_ZH, taken) + _find(_NOT_ENOUGH_ZH, text)
                  + _find(_ABILITY_ZH, text)))
    kinds.append(("comparison", [] if re.search(r"\d|[%％]", text) else _find(_COMPARE_ZH, text)))
    labels = _chinese_hits(text, _LABELS_ZH, taken)
    labels += [m.group(0) + text[m.end():m.end() + 2] for m in _DEGREE_ZH.finditer(text)]
    labels += [text[max(0, m.start() - 1):m.end()] for m in _COMPLEMENT_ZH.finditer(text)]
    kinds.append(("label", labels))
    return kinds


# --------------------------------------------------------------------------- signs of a fact

_IRREGULAR_PAST_EN = (
    "ran|wrote|took|sent|built|led|went|gave|made|met|left|told|said|asked|brought|bought|began|broke|came|did|drew|"
    "drove|fell|found|got|had|heard|held|kept|knew|lost|paid|put|read|rose|saw|set|shut|sold|spent|spoke|stood|"
    "struck|taught|threw|won|wore|woke|hung|fed|fought|flew|forgot|froze|grew|hid|hit|hurt|lay|lent|let|lit|meant|"
    "overslept|quit|rang|sang|sat|slept|sank|stuck|swam|tore|undid|withdrew|begun|done|gone|given|taken|written|"
    "shown|seen|known|drawn|driven|fallen|won|spun|split|cut|shipped|quoted")
_FACT_EN = re.compile(rf"\d|\b(?:[a-z]+ed|{_IRREGULAR_PAST_EN})\b|\b(?:did not|didn't|hasn't|has not|haven't|"
                      r"wasn't|weren't)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
                      r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b|"
                      r"\b(?:last|this|next) (?:week|month|quarter|year|sprint)\b|\bq[1-4]\b")
_FACT_ZH = re.compile(r"\d|[一二两三四五六七八九十]+\s*[个次份项名位条篇页场轮周天月年家张件台]|了|过|没有|没|未|被|把|"
                      r"月|周[一二三四五六日]|星期|昨天|前天|上周|本周|今天|当天|上午|下午|晚上|期间|由")
_FACT_VERBS_ZH = ("回复", "答复", "处理", "接手", "承担", "代表", "参加", "拒绝", "离开", "迟到", "缺席", "请假", "加班",
                  "出差", "宕机", "故障", "投诉", "流失", "续约", "签约", "通过", "延期", "延迟", "逾期", "错过", "删除",
                  "提交", "发送", "上线", "发布", "交付", "完成", "组织", "主持", "负责", "编写", "撰写", "整理", "迁移")
_MIN_WORDS_EN, _MIN_CJK = 3, 4


def _shows_a_fact(text: str) -> bool:
    """A sign that something observed is reported: an action verb, a past tense, a number, a date."""
    from perf_tui.checks.smart import _CONCRETE_ZH, _RE_CONCRETE_EN  # the action verbs SMART knows

    if _FACT_EN.search(text) or _RE_CONCRETE_EN.search(text):
        return True
    return bool(_FACT_ZH.search(text) or any(w in text for w in _FACT_VERBS_ZH)
                or any(w in text for w in _CONCRETE_ZH))


def _long_enough(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk >= _MIN_CJK or len(_WORD.findall(text)) >= _MIN_WORDS_EN


# --------------------------------------------------------------------------- both

def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def judge(text: str, lang: str = "en", *, require_fact: bool = True) -> Judgment:
    """Whether `text` is a judgment, which kind and the words that show it. With `require_fact`, a
    statement of some length that shows nothing observed is one too ("unsupported")."""
    quoted = _QUOTED.search(_normal(text)) is not None
    normal = _QUOTED.sub(" ", _normal(text))
    if not normal.strip():
        return Judgment(False)
    kinds = _english(normal) + _chinese(normal)
    first_kind, words = "", []
    for kind in KINDS:
        for found_kind, found in kinds:
            if found_kind == kind and found:
                first_kind = first_kind or kind
                words.extend(w for w in found if w not in words)
    if not words and require_fact and not quoted and _long_enough(normal) and not _shows_a_fact(normal):
        return Judgment(True, "unsupported", ())
    return Judgment(bool(words), first_kind, tuple(words[:4]))


def judgment_words(text: str) -> list[str]:
    return list(judge(text).words)


def check_fact(text: str, lang: str = "en", *, require_fact: bool = True) -> list[Finding]:
    """Findings for one piece of evidence (a key event, a case, feedback). A problem's description
    is often a bare noun phrase ("Quarterly forecast late"): it is checked with require_fact=False."""
    if not text or not text.strip():
        return []
    verdict = judge(text, lang, require_fact=require_fact)
    if not verdict.judgment:
        return []
    separator = "、" if lang == "zh" else ", "
    return [finding(f"facts.judgment.{verdict.kind}", "warn", words=separator.join(verdict.words))]
