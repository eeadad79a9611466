// Logical lines, as Postfix reads main.cf, master.cf, postmap and postalias sources, texthash,
// regexp and cidr tables: a line that starts with whitespace continues the previous one, with
// its leading whitespace kept; blank lines and lines whose first non-blank is '#' are skipped
// and do not end a logical line; '#' elsewhere is data; a last line without '\n' still counts.
// Continuation text with no line before it is reported and dropped, as Postfix does.
// Grammar only: the callbacks receive text and positions, and decide what it means.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace mf::grammar {

// 1-based line and byte column.
struct Position {
    std::size_t line = 0;
    std::size_t column = 0;
};

// One logical line. `text` is valid only during the callback that receives it. A line made of
// one physical line is a view into the input; joined lines live in a reused buffer.
class LogicalLine {
public:
    std::string_view text;

    Position position_of(std::size_t offset) const
    {
        const Piece* best = &pieces_.front();
        for (const Piece& piece : pieces_) {
            if (piece.offset > offset)
                break;
            best = &piece;
        }
        return {best->line, best->column + (offset - best->offset)};
    }
    // Just after the text that ends at `end`: one column past its last byte, on that byte's
    // line (position_of(end) would be the next line's start when the text ends a line).
    Position position_after(std::size_t end) const
    {
        if (end == 0)
            return start();
        Position last = position_of(end - 1);
        ++last.column;
        return last;
    }
    Position start() const { return {pieces_.front().line, pieces_.front().column}; }
    // Calls on_piece(offset, Position) for `begin` and for every later offset below `end` where
    // the text continues on another physical line, so that a part of the line can map its own
    // offsets back without keeping the line.
    template <typename OnPiece>
    void for_each_piece(std::size_t begin, std::size_t end, OnPiece&& on_piece) const
    {
        on_piece(begin, position_of(begin));
        for (const Piece& piece : pieces_)
            if (piece.offset > begin && piece.offset < end)
                on_piece(piece.offset, Position{piece.line, piece.column});
    }
    std::size_t physical_lines() const { return pieces_.size(); }

private:
    // Where the text from `offset` on came from.
    struct Piece {
        std::size_t offset;
        std::size_t line;
        std::size_t column;
    };
    std::vector<Piece> pieces_;
    std::string joined_;
    bool uses_joined_ = false;

    template <typename OnLine, typename OnWarning>
    friend class LogicalLineReader;
};

namespace logical {

namespace pegtl = tao::pegtl;

// isspace() minus the newline, which ends a physical line.
struct inline_space : pegtl::one<' ', '\t', '\r', '\v', '\f'> {};
struct newline : pegtl::one<'\n'> {};
// star<not_one<'\n'>>, matched with one memchr() instead of a rule per byte (sources of
// millions of lines go through here).
struct rest_of_line {
    using rule_t = rest_of_line;
    using subs_t = pegtl::empty_list;

    template <typename ParseInput>
    static bool match(ParseInput& in)
    {
        const void* newline = std::memchr(in.current(), '\n', in.size());
        in.bump_in_this_line(newline == nullptr
                                 ? in.size()
                                 : static_cast<std::size_t>(static_cast<const char*>(newline) -
                                                            in.current()));
        return true;
    }
};

struct comment_line : pegtl::seq<pegtl::star<inline_space>, pegtl::one<'#'>, rest_of_line> {};
struct continuation_line
    : pegtl::seq<pegtl::plus<inline_space>, pegtl::not_at<pegtl::sor<newline, pegtl::eof>>,
                 rest_of_line> {};
struct start_line : pegtl::seq<pegtl::not_at<inline_space>, pegtl::not_one<'\n'>, rest_of_line> {};
struct end_of_line : pegtl::sor<newline, pegtl::eof> {};

// Actions sit on rules that include their terminator: PEGTL applies an action as soon as its
// rule matches, even if an enclosing rule fails afterwards. Each alternative consumes input.
struct comment_physical : pegtl::seq<comment_line, end_of_line> {};
struct continuation_physical : pegtl::seq<continuation_line, end_of_line> {};
struct start_physical : pegtl::seq<start_line, end_of_line> {};
struct blank_physical
    : pegtl::sor<pegtl::seq<pegtl::star<inline_space>, newline>,
                 pegtl::seq<pegtl::plus<inline_space>, pegtl::eof>> {};
struct physical_line
    : pegtl::sor<comment_physical, continuation_physical, start_physical, blank_physical> {};
struct file : pegtl::until<pegtl::eof, physical_line> {};

inline std::string_view without_newline(const char* begin, std::size_t size)
{
    if (size > 0 && begin[size - 1] == '\n')
        --size;
    return {begin, size};
}

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<start_physical> {
    template <typename Input, typename Reader>
    static void apply(const Input& in, Reader& reader)
    {
        reader.begin_line(without_newline(in.begin(), in.size()));
    }
};

template <>
struct action<continuation_physical> {
    template <typename Input, typename Reader>
    static void apply(const Input& in, Reader& reader)
    {
        reader.continue_line(without_newline(in.begin(), in.size()));
    }
};

template <>
struct action<physical_line> {
    template <typename Input, typename Reader>
    static void apply(const Input&, Reader& reader)
    {
        reader.end_physical_line();
    }
};

} // namespace logical

} // namespace mf::grammar

// For analyze<>(): rest_of_line may match nothing.
template <typename Name>
struct tao::pegtl::analyze_traits<Name, mf::grammar::logical::rest_of_line>
    : tao::pegtl::analyze_opt_traits<> {};

namespace mf::grammar {

// Drives the grammar: on_line(const LogicalLine&) for each logical line,
// on_warning(Position, std::string_view message) for discarded continuation text.
template <typename OnLine, typename OnWarning>
class LogicalLineReader {
public:
    LogicalLineReader(OnLine& on_line, OnWarning& on_warning)
        : on_line_(on_line), on_warning_(on_warning)
    {
    }

    void read(std::string_view input)
    {
        tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(input.data(), input.size(),
                                                                    "");
        tao::pegtl::parse<logical::file, logical::action>(in, *this);
        flush();
    }

    void begin_line(std::string_view text)
    {
        flush();
        line_.pieces_.clear();
        line_.pieces_.push_back({0, line_number_, 1});
        line_.text = text;
        line_.uses_joined_ = false;
        open_ = true;
    }

    void continue_line(std::string_view text)
    {
        if (!open_) {
            on_warning_(Position{line_number_, 1},
                        std::string_view("logical line must not start with whitespace"));
            return;
        }
        if (!line_.uses_joined_) {
            line_.joined_.assign(line_.text);
            line_.uses_joined_ = true;
        }
        line_.pieces_.push_back({line_.joined_.size(), line_number_, 1});
        line_.joined_.append(text);
        line_.text = line_.joined_;
    }

    void end_physical_line() { ++line_number_; }

private:
    void flush()
    {
        if (open_)
            on_line_(static_cast<const LogicalLine&>(line_));
        open_ = false;
    }

    OnLine& on_line_;
    OnWarning& on_warning_;
    LogicalLine line_;
    std::size_t line_number_ = 1;
    bool open_ = false;
};

template <typename OnLine, typename OnWarning>
void read_logical_lines(std::string_view input, OnLine&& on_line, OnWarning&& on_warning)
{
    LogicalLineReader<std::remove_reference_t<OnLine>, std::remove_reference_t<OnWarning>> reader(
        on_line, on_warning);
    reader.read(input);
}

} // namespace mf::grammar
