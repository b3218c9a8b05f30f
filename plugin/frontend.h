//===- frontend.h - vmalock Clang front end ---------------------*- C++ -*-===//
//
// The plugin's C++ side: turning Clang's AST and CFG into the C core's
// lowered IR (core/ir.h), recording invocations of spec macros, and
// mapping the core's locations back to Clang source locations.  No lock
// rule is decided here.
//
//===----------------------------------------------------------------------===//
#ifndef VMALOCK_PLUGIN_FRONTEND_H
#define VMALOCK_PLUGIN_FRONTEND_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "core/ir.h"
#include "core/spec.h"
}

namespace vmalock {

/// The low 64 bits of an integer constant, as the core keeps values: an
/// unsigned value above INT64_MAX (~0UL, a high flag bit) keeps its bit
/// pattern.  (getExtValue() asserts on those in assertion-enabled builds.)
inline int64_t toInt64(const llvm::APSInt &V) {
  if (V.getBitWidth() > 64)
    return static_cast<int64_t>(V.trunc(64).getZExtValue());
  return V.isSigned() ? V.getSExtValue()
                      : static_cast<int64_t>(V.getZExtValue());
}

/// One invocation of a macro the spec describes, as written in a file.
struct MacroInvocation {
  std::string Name;
  clang::FileID File;
  unsigned Begin = 0; ///< file offset of the macro name
  unsigned End = 0;   ///< file offset of the closing parenthesis
  clang::SourceLocation Loc;
  struct Arg {
    std::string Text;
    clang::SourceLocation First, Last; ///< first and last token
  };
  std::vector<Arg> Args;
};

/// Records invocations of the spec's macros while the file is
/// preprocessed, so that an assertion is seen even where the macro
/// expands to nothing.
class MacroRecorder : public clang::PPCallbacks {
public:
  MacroRecorder(clang::Preprocessor &PP,
                llvm::DenseSet<const clang::IdentifierInfo *> Names,
                std::shared_ptr<std::vector<MacroInvocation>> Out)
      : PP(PP), Names(std::move(Names)), Out(std::move(Out)) {}

  void MacroExpands(const clang::Token &MacroNameTok,
                    const clang::MacroDefinition &MD, clang::SourceRange Range,
                    const clang::MacroArgs *Args) override;

private:
  clang::Preprocessor &PP;
  /// The spec's macros, by identifier: every macro expansion of the unit
  /// comes here, and identifiers are unique, so a pointer compare
  /// replaces hashing the name.
  llvm::DenseSet<const clang::IdentifierInfo *> Names;
  std::shared_ptr<std::vector<MacroInvocation>> Out;
};

/// Source locations for the core: file/line/column and a cookie that
/// maps back to the Clang location for diagnostics.
class Locations {
public:
  Locations(clang::SourceManager &SM, vl_unit *U, std::string Root)
      : SM(SM), U(U), Root(std::move(Root)) {}

  /// The location of L as written in a file (macro expansions map to
  /// where the outermost macro is invoked).
  uint32_t get(clang::SourceLocation L);
  clang::SourceLocation clangLoc(uint32_t Loc) const;
  /// Normalised path of a file as stored in the database.
  std::string normalise(llvm::StringRef Path) const;
  const std::string &root() const { return Root; }

private:
  clang::SourceManager &SM;
  vl_unit *U;
  std::string Root;
  llvm::DenseMap<unsigned, uint32_t> Cache;        // raw encoding -> loc
  llvm::DenseMap<clang::FileID, uint32_t> FileIds; // -> vl_unit file
};

/// Lower one function definition into the unit.
void lowerFunction(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                   vl_unit *U, Locations &Locs,
                   const std::vector<MacroInvocation> &Macros);

/// The name the core uses for a record (struct/union), walking out of
/// anonymous members; empty if none.
std::string recordName(const clang::RecordDecl *RD);

} // namespace vmalock

#endif
