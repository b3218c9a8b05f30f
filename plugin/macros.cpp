//===- macros.cpp - recording spec macro invocations ----------------------===//
//
// The spec may describe macros (lockdep_assert_held(), ...).  Their
// expansion depends on the kernel configuration and may be empty, so
// the front end records each invocation, with its argument tokens, while
// the file is preprocessed.
//
//===----------------------------------------------------------------------===//

#include "frontend.h"

#include "clang/Lex/MacroArgs.h"

using namespace clang;

namespace vmalock {

void MacroRecorder::MacroExpands(const Token &MacroNameTok,
                                 const MacroDefinition &MD, SourceRange Range,
                                 const MacroArgs *Args) {
  const IdentifierInfo *II = MacroNameTok.getIdentifierInfo();
  if (!II || !Names.contains(II))
    return;
  SourceManager &SM = PP.getSourceManager();
  // Only invocations written in a file: one inside another macro's body
  // is seen through that macro's own expansion.
  if (!Range.getBegin().isFileID() || !Range.getEnd().isFileID())
    return;
  MacroInvocation Inv;
  Inv.Name = II->getName().str();
  Inv.Loc = Range.getBegin();
  std::pair<FileID, unsigned> B = SM.getDecomposedLoc(Range.getBegin());
  std::pair<FileID, unsigned> E = SM.getDecomposedLoc(Range.getEnd());
  if (B.first != E.first)
    return;
  Inv.File = B.first;
  Inv.Begin = B.second;
  Inv.End = E.second;
  if (Args) {
    unsigned N = Args->getNumMacroArguments();
    for (unsigned I = 0; I < N; ++I) {
      MacroInvocation::Arg A;
      const Token *T = Args->getUnexpArgument(I);
      const Token *Prev = nullptr;
      for (; T && T->isNot(tok::eof); ++T) {
        if (Prev && !A.Text.empty() &&
            (Prev->isAnyIdentifier() || Prev->is(tok::numeric_constant)) &&
            (T->isAnyIdentifier() || T->is(tok::numeric_constant)))
          A.Text += ' ';
        A.Text += PP.getSpelling(*T);
        if (A.First.isInvalid())
          A.First = T->getLocation();
        A.Last = T->getLocation();
        Prev = T;
      }
      Inv.Args.push_back(std::move(A));
    }
  }
  Out->push_back(std::move(Inv));
}

} // namespace vmalock
