#pragma once
// A strict reader of the Prometheus text exposition format 0.0.4, written to the spec
// (prometheus.io/docs/instrumenting/exposition_formats), to validate `linkperf run --prom`
// output where promtool is not installed. It rejects what Prometheus' own parser rejects:
// bad metric or label names, reserved __ labels, unknown escapes, unterminated values,
// malformed floats, a TYPE after the family's samples, two TYPE or HELP lines for one family,
// a family split in two groups, a repeated label in one sample, a duplicate series, and a
// last line without a line feed.
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace promtest {

struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

struct Family {
    std::string name;
    std::string type = "untyped";
    std::string help;
    std::vector<Sample> samples;
};

class Reader {
public:
    std::vector<Family> read(const std::string& text) {
        if (!text.empty() && text.back() != '\n') {
            fail("the last line does not end with a line feed");
        }
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t end = text.find('\n', start);
            line_ = text.substr(start, end - start);
            ++number_;
            start = end + 1;
            parse_line();
        }
        return families_;
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw std::runtime_error("line " + std::to_string(number_) + ": " + why + ": '" + line_ +
                                 "'");
    }

    static bool name_start(char c) {
        return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':';
    }
    static bool name_char(char c) {
        return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
    }
    static bool label_start(char c) {
        return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
    }
    static bool label_char(char c) {
        return label_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
    }

    std::string metric_name(std::size_t& i) const {
        const std::size_t s = i;
        if (i >= line_.size() || !name_start(line_[i])) {
            fail("bad metric name");
        }
        while (i < line_.size() && name_char(line_[i])) {
            ++i;
        }
        return line_.substr(s, i - s);
    }

    double number(const std::string& text) const {
        if (text == "NaN" || text == "+Inf" || text == "-Inf" || text == "Inf") {
            return text == "NaN" ? 0.0 : 1.0; // accepted; value not used by the tests
        }
        if (text.empty()) {
            fail("missing value");
        }
        for (const char c : text) {
            if (std::isdigit(static_cast<unsigned char>(c)) == 0 && c != '.' && c != 'e' &&
                c != 'E' && c != '+' && c != '-') {
                fail("bad float '" + text + "'");
            }
        }
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end != text.c_str() + text.size()) {
            fail("bad float '" + text + "'");
        }
        return v;
    }

    Family& family(const std::string& name) {
        if (!families_.empty() && families_.back().name == name) {
            return families_.back();
        }
        if (closed_.count(name) != 0) {
            fail("family " + name + " is not contiguous");
        }
        if (!families_.empty()) {
            closed_.insert(families_.back().name);
        }
        families_.push_back({name, "untyped", "", {}});
        return families_.back();
    }

    void parse_comment() {
        // "# HELP name text" / "# TYPE name type"; other comments are ignored.
        std::size_t i = 1;
        while (i < line_.size() && line_[i] == ' ') {
            ++i;
        }
        const std::size_t kw = i;
        while (i < line_.size() && line_[i] != ' ') {
            ++i;
        }
        const std::string keyword = line_.substr(kw, i - kw);
        if (keyword != "HELP" && keyword != "TYPE") {
            return;
        }
        while (i < line_.size() && line_[i] == ' ') {
            ++i;
        }
        const std::string name = metric_name(i);
        Family& f = family(name);
        const std::string rest = i < line_.size() ? line_.substr(i + 1) : "";
        if (i < line_.size() && line_[i] != ' ') {
            fail("bad metric name");
        }
        if (keyword == "TYPE") {
            if (typed_.count(name) != 0) {
                fail("second TYPE for " + name);
            }
            if (!f.samples.empty()) {
                fail("TYPE after samples of " + name);
            }
            static const std::set<std::string> kTypes{"counter", "gauge", "histogram", "summary",
                                                      "untyped"};
            if (kTypes.count(rest) == 0) {
                fail("unknown type '" + rest + "'");
            }
            typed_.insert(name);
            f.type = rest;
        } else {
            if (helped_.count(name) != 0) {
                fail("second HELP for " + name);
            }
            for (std::size_t k = 0; k < rest.size(); ++k) {
                if (rest[k] == '\\' &&
                    (k + 1 >= rest.size() || (rest[k + 1] != '\\' && rest[k + 1] != 'n'))) {
                    fail("bad escape in HELP");
                }
                k += rest[k] == '\\' ? 1 : 0;
            }
            helped_.insert(name);
            f.help = rest;
        }
    }

    void parse_labels(std::size_t& i, Sample& s) const {
        ++i; // '{'
        while (true) {
            if (i < line_.size() && line_[i] == '}') {
                ++i;
                return;
            }
            const std::size_t ls = i;
            if (i >= line_.size() || !label_start(line_[i])) {
                fail("bad label name");
            }
            while (i < line_.size() && label_char(line_[i])) {
                ++i;
            }
            const std::string name = line_.substr(ls, i - ls);
            if (name.rfind("__", 0) == 0) {
                fail("reserved label name " + name);
            }
            if (i + 1 >= line_.size() || line_[i] != '=' || line_[i + 1] != '"') {
                fail("expected =\" after label " + name);
            }
            i += 2;
            std::string value;
            while (true) {
                if (i >= line_.size()) {
                    fail("unterminated label value");
                }
                const char c = line_[i++];
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (i >= line_.size()) {
                        fail("unterminated escape");
                    }
                    const char e = line_[i++];
                    if (e == 'n') {
                        value += '\n';
                    } else if (e == '\\' || e == '"') {
                        value += e;
                    } else {
                        fail("bad escape in label value");
                    }
                } else {
                    value += c;
                }
            }
            if (!s.labels.emplace(name, value).second) {
                fail("label " + name + " repeated");
            }
            if (i < line_.size() && line_[i] == ',') {
                ++i;
            } else if (i >= line_.size() || line_[i] != '}') {
                fail("expected , or } in labels");
            }
        }
    }

    void parse_sample() {
        std::size_t i = 0;
        Sample s;
        s.name = metric_name(i);
        if (i < line_.size() && line_[i] == '{') {
            parse_labels(i, s);
        }
        if (i >= line_.size() || line_[i] != ' ') {
            fail("expected a space before the value");
        }
        while (i < line_.size() && line_[i] == ' ') {
            ++i;
        }
        const std::size_t vs = i;
        while (i < line_.size() && line_[i] != ' ') {
            ++i;
        }
        s.value = number(line_.substr(vs, i - vs));
        if (i < line_.size()) {
            const std::string ts = line_.substr(i + 1);
            if (ts.empty() || ts.find_first_not_of("-0123456789") != std::string::npos) {
                fail("bad timestamp");
            }
        }
        Family& f = family(s.name);
        std::string key = s.name;
        for (const auto& [k, v] : s.labels) {
            key += "\x1f" + k + "=" + v;
        }
        if (!series_.insert(key).second) {
            fail("duplicate series");
        }
        f.samples.push_back(std::move(s));
    }

    void parse_line() {
        if (line_.empty()) {
            return;
        }
        if (line_[0] == '#') {
            parse_comment();
        } else {
            parse_sample();
        }
    }

    std::string line_;
    std::size_t number_ = 0;
    std::vector<Family> families_;
    std::set<std::string> closed_, typed_, helped_, series_;
};

inline std::vector<Family> read(const std::string& text) {
    return Reader().read(text);
}

} // namespace promtest
