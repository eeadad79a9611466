// See tls_policy_values.hpp.
#include "compiler/tls_policy_values.hpp"

#include <array>
#include <set>
#include <vector>

#include "compiler/closest_name.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

constexpr std::array<std::string_view, 8> levels{"none",   "may",         "encrypt", "dane",
                                                 "dane-only", "fingerprint", "verify", "secure"};
constexpr std::array<std::string_view, 7> attributes{
    "ciphers", "protocols", "match", "exclude", "tafile", "connection_reuse", "servername"};

std::vector<std::string_view> tokens_of(std::string_view text)
{
    std::vector<std::string_view> tokens;
    std::size_t at = 0;
    auto separator = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ','; };
    while (at < text.size()) {
        while (at < text.size() && separator(text[at]))
            ++at;
        std::size_t end = at;
        while (end < text.size() && !separator(text[end]))
            ++end;
        if (end > at)
            tokens.push_back(text.substr(at, end - at));
        at = end;
    }
    return tokens;
}

std::optional<AnswerProblem> error(std::string message)
{
    return AnswerProblem{Severity::error,
                            std::move(message) + ": smtp defers every message to this "
                                                 "destination (\"TLS policy lookup error\")"};
}

} // namespace

std::optional<AnswerProblem> tls_policy_problem(std::string_view answer,
                                                const TlsPolicyContext& context)
{
    const std::vector<std::string_view> tokens = tokens_of(answer);
    if (tokens.empty())
        return error("an empty policy");
    const std::string level = ascii_lowercase(tokens.front());
    bool known_level = false;
    for (std::string_view name : levels)
        known_level = known_level || name == level;
    if (!known_level) {
        const std::vector<std::string_view> names(levels.begin(), levels.end());
        return error("\"" + std::string(tokens.front()) + "\" is not a TLS security level" +
                     did_you_mean(level, names));
    }
    if (level == "none") {
        if (tokens.size() > 1)
            return AnswerProblem{Severity::warning,
                                    "attributes after level none are ignored (\"" +
                                        std::string(tokens[1]) + "\"...): TLS is off"};
        return std::nullopt;
    }
    std::set<std::string> seen;
    bool has_match = false;
    bool has_tafile = false;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        const std::string_view token = tokens[i];
        const std::size_t equals = token.find('=');
        if (equals == std::string_view::npos || equals == 0)
            return error("\"" + std::string(token) + "\" is not a name=value attribute");
        const std::string name = ascii_lowercase(token.substr(0, equals));
        const std::string_view value = token.substr(equals + 1);
        bool known = false;
        for (std::string_view attribute : attributes)
            known = known || attribute == name;
        if (!known) {
            const std::vector<std::string_view> names(attributes.begin(), attributes.end());
            return error("\"" + name + "\" is not a policy attribute" + did_you_mean(name, names));
        }
        if (value.empty() && (name == "ciphers" || name == "match" || name == "tafile"))
            return error("attribute \"" + name + "\" has an empty value");
        if (name != "match" && name != "tafile" && !seen.insert(name).second)
            return error("attribute \"" + name + "\" is given twice");
        if (name == "match") {
            if (level != "fingerprint" && level != "verify" && level != "secure")
                return error("attribute \"match\" is not valid at level " + level);
            has_match = true;
        }
        if (name == "tafile" && level != "verify" && level != "secure")
            return error("attribute \"tafile\" is not valid at level " + level);
        has_tafile = has_tafile || name == "tafile";
    }
    if ((level == "dane" || level == "dane-only") && !context.dnssec_lookups) {
        const std::string logged = "smtp logs \"" + level + " configured with dnssec lookups "
                                   "disabled\" (smtp_dns_support_level is not dnssec)";
        if (level == "dane-only")
            return error("level dane-only without DNSSEC lookups: " + logged);
        return AnswerProblem{Severity::warning,
                             "level dane without DNSSEC lookups: " + logged + " and falls "
                             "back to opportunistic TLS (may) for this destination"};
    }
    if ((level == "verify" || level == "secure") && !has_tafile && !context.trust_anchors)
        return error("level " + level + " without a tafile attribute, and neither "
                     "smtp_tls_CAfile, smtp_tls_CApath nor smtp_tls_trust_anchor_file is set: "
                     "smtp trusts no CA, so the server is never verified and the mail for this "
                     "destination is deferred (\"Server certificate not verified\")");
    if (level == "fingerprint" && !has_match && !context.fingerprints_in_main_cf)
        return error("level fingerprint without a match attribute, and "
                     "smtp_tls_fingerprint_cert_match is empty: there is nothing to match");
    return std::nullopt;
}

} // namespace mf::compiler
