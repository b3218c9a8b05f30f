//===- plugin.cpp - the vmalock Clang plugin ------------------------------===//
//
// Registers plugin "vmalock" as an action after the main one (so plain
// -fplugin= runs it and the object file is still produced), parses its
// arguments, loads the spec, and at the end of the translation unit:
// collects in-source annotations, chooses and lowers functions, runs the
// C core's analysis, reports findings as diagnostics and stores them.
//
// Arguments (-fplugin-arg-vmalock-NAME[=VALUE]):
//   db=PATH     store findings in this sqlite database
//   spec=PATH   use this spec instead of the bundled Linux 6.12 spec
//   werror      report findings as errors
//   root=DIR    store file names relative to DIR (default: the current
//               directory)
//   strict      rmap requirements need the lock of every reverse-mapping
//               tree a VMA may be in, not just one (docs/rules.md)
//   dump-ir     print the lowered IR of each analysed function
//   dump-summaries  print each inferred function summary
//
//===----------------------------------------------------------------------===//

#include "frontend.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdlib>
#include <memory>

extern "C" {
#include "core/finding.h"
#include "core/irio.h"
#include "store/store.h"
#include "vl_version.h"
}

using namespace clang;

namespace vmalock {

// ---- locations ----

uint32_t Locations::get(SourceLocation L) {
  SourceLocation E = L.isValid() ? SM.getExpansionLoc(L) : L;
  unsigned Raw = E.getRawEncoding();
  auto It = Cache.find(Raw);
  if (It != Cache.end())
    return It->second;
  uint32_t Id;
  PresumedLoc P = E.isValid() ? SM.getPresumedLoc(E) : PresumedLoc();
  if (P.isInvalid()) {
    Id = vl_unit_loc(U, vl_unit_file(U, "<unknown>"), 0, 0, Raw);
  } else {
    FileID FID = SM.getFileID(E);
    auto FI = FileIds.find(FID);
    uint32_t File;
    if (FI != FileIds.end()) {
      File = FI->second;
    } else {
      File = vl_unit_file(U, normalise(P.getFilename()).c_str());
      FileIds[FID] = File;
    }
    Id = vl_unit_loc(U, File, P.getLine(), P.getColumn(), Raw);
  }
  Cache[Raw] = Id;
  return Id;
}

SourceLocation Locations::clangLoc(uint32_t Loc) const {
  if (Loc >= U->nlocs)
    return SourceLocation();
  return SourceLocation::getFromRawEncoding(
      static_cast<unsigned>(U->locs[Loc].cookie));
}

std::string Locations::normalise(llvm::StringRef Path) const {
  llvm::SmallString<256> P(Path);
  if (P.empty() || P.starts_with("<"))
    return P.str().str();
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  llvm::StringRef S = P;
  if (!Root.empty() && S.starts_with(Root) && S.size() > Root.size() &&
      S[Root.size()] == '/')
    return S.substr(Root.size() + 1).str();
  return S.str();
}

namespace {

struct Options {
  std::string Db;
  std::string Spec;
  std::string Root;
  bool Werror = false;
  bool DumpIr = false;
  bool DumpSummaries = false;
  bool Strict = false;
};

/// Spec diagnostics as Clang errors.
struct AnnotationLoc {
  std::string Name; ///< the file name the parser knows it by
  std::string Text;
  SourceLocation Loc;
};

/// An annotation as the core keeps it for whole-program analysis.
struct KeptAnnotation {
  vl_subject_kind Kind;
  std::string Name, Field, Text;
  std::vector<std::string> Params;
  SourceLocation Loc;
};

void reportSpecErrors(DiagnosticsEngine &DE, const vl_spec *S, uint32_t From,
                      const std::vector<AnnotationLoc> &AnnotationLocs) {
  unsigned ID = DE.getCustomDiagID(DiagnosticsEngine::Error, "%0");
  uint32_t N;
  const vl_diag *D = vl_spec_diags(S, &N);
  for (uint32_t I = From; I < N; ++I) {
    std::string Msg;
    llvm::raw_string_ostream OS(Msg);
    const AnnotationLoc *A = nullptr;
    for (const AnnotationLoc &L : AnnotationLocs)
      if (L.Name == D[I].pos.file)
        A = &L;
    SourceLocation Loc;
    if (A) {
      Loc = A->Loc;
      OS << "invalid vmalock annotation: " << D[I].msg << " (column "
         << D[I].pos.col << " of \"" << A->Text << "\")";
    } else {
      OS << "vmalock spec " << D[I].pos.file;
      if (D[I].pos.line)
        OS << ":" << D[I].pos.line << ":" << D[I].pos.col;
      OS << ": " << D[I].msg;
    }
    DE.Report(Loc, ID) << OS.str();
  }
}

/// The field path of a field relative to its outermost named struct:
/// "vm_start", "shared.rb".
bool fieldPath(const FieldDecl *FD, std::string &Rec, std::string &Path) {
  Path = FD->getName().str();
  const RecordDecl *R = FD->getParent();
  while (R) {
    if (R->isAnonymousStructOrUnion()) {
      R = dyn_cast<RecordDecl>(R->getDeclContext());
      continue;
    }
    if (!R->getName().empty() || R->getTypedefNameForAnonDecl())
      break;
    // An unnamed struct type of a named member: find that member.
    const auto *P = dyn_cast<RecordDecl>(R->getDeclContext());
    if (!P)
      return false;
    const FieldDecl *Member = nullptr;
    for (const FieldDecl *F : P->fields())
      if (F->getType()->getAsRecordDecl() == R)
        Member = F;
    if (!Member)
      return false;
    Path = Member->getName().str() + "." + Path;
    R = P;
  }
  Rec = recordName(R);
  return !Rec.empty();
}

class Consumer : public ASTConsumer {
public:
  Consumer(CompilerInstance &CI, Options Opts, vl_spec *Spec, bool SpecOk,
           std::shared_ptr<std::vector<MacroInvocation>> Macros)
      : CI(CI), Opts(std::move(Opts)), Spec(Spec),
        SpecFileHash(Spec->hash), SpecOk(SpecOk),
        Macros(std::move(Macros)) {}
  ~Consumer() override { vl_spec_free(Spec); }

  void HandleTranslationUnit(ASTContext &Ctx) override;

private:
  CompilerInstance &CI;
  Options Opts;
  vl_spec *Spec;
  /// The spec file's own hash, before this unit's annotations: what the
  /// unit was analysed with, for the link (which reads the annotations
  /// of every unit again).
  uint64_t SpecFileHash;
  bool SpecOk;
  std::shared_ptr<std::vector<MacroInvocation>> Macros;
  Locations *Locs = nullptr;
  /// Functions defined in the main file but not analysed (nothing
  /// reaches them, or the spec describes them): stored as analysed = 0.
  std::vector<const FunctionDecl *> Skipped;
  std::vector<KeptAnnotation> Annotations;

  void collectAnnotations(ASTContext &Ctx);
  void selectFunctions(ASTContext &Ctx, vl_unit *U,
                       std::vector<const FunctionDecl *> &Selected);
  void emitDiagnostics(vl_unit *U);
  void ruleLocation(const vl_rule &R, std::string &File, uint32_t &Line);
  void store(vl_unit *U, const std::string &UnitPath, unsigned DurationMs);

  static const char *lineText(void *Ctx, uint32_t Loc, size_t *Len);
};

/// The annotations of every declaration in the unit.  Declarations are
/// reached through their contexts (the unit, records, functions), not
/// by traversing statements: in C every declaration in a function body,
/// however deeply nested, is a member of the function's context, and the
/// bodies of the thousands of inline functions a kernel unit includes
/// need not be walked.
class AnnotationCollector {
public:
  AnnotationCollector(vl_spec *Spec, SourceManager &SM,
                      std::vector<KeptAnnotation> &Kept)
      : Spec(Spec), SM(SM), Kept(Kept) {}

  std::vector<AnnotationLoc> Locs;

  void walk(const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      visit(D);
      // Enumerators and a prototype's parameters carry no annotation
      // that is read.
      if (isa<EnumDecl>(D))
        continue;
      if (const auto *FD = dyn_cast<FunctionDecl>(D))
        if (!FD->doesThisDeclarationHaveABody())
          continue;
      if (const auto *Inner = dyn_cast<DeclContext>(D))
        walk(Inner);
    }
  }

private:
  vl_spec *Spec;
  SourceManager &SM;
  std::vector<KeptAnnotation> &Kept;

  void parse(const Decl *D, const vl_subject &Subj) {
    for (const AnnotateAttr *A : D->specific_attrs<AnnotateAttr>()) {
      if (A->isInherited())
        continue;
      llvm::StringRef Text = A->getAnnotation();
      if (!Text.consume_front("vmalock:"))
        continue;
      Text = Text.trim();
      std::string Name = "<annotation " + std::to_string(Locs.size() + 1) + ">";
      std::string T = Text.str();
      Locs.push_back({Name, T, SM.getExpansionLoc(A->getLocation())});
      vl_spec_parse_annotation(Spec, &Subj, T.c_str(), Name.c_str(), 1, 1);
      KeptAnnotation K;
      K.Kind = Subj.kind;
      K.Name = Subj.name ? Subj.name : "";
      K.Field = Subj.field ? Subj.field : "";
      K.Text = T;
      for (uint32_t I = 0; I < Subj.nparams; ++I)
        K.Params.push_back(Subj.params[I]);
      K.Loc = Locs.back().Loc;
      Kept.push_back(std::move(K));
    }
  }

  static bool hasAnnotation(const Decl *D) {
    if (!D->hasAttrs())
      return false;
    for (const AnnotateAttr *A : D->specific_attrs<AnnotateAttr>())
      if (!A->isInherited() && A->getAnnotation().starts_with("vmalock:"))
        return true;
    return false;
  }

  void visit(const Decl *D) {
    // Most kernel declarations carry attributes, few of them ours.
    if (!hasAnnotation(D))
      return;
    if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
      if (!FD->getIdentifier())
        return;
      std::vector<std::string> Names;
      for (const ParmVarDecl *P : FD->parameters())
        Names.push_back(P->getName().str());
      std::vector<const char *> Ptrs;
      for (const std::string &N : Names)
        Ptrs.push_back(N.c_str());
      std::string Name = FD->getName().str();
      vl_subject S = {VL_SUBJ_FUNCTION, Name.c_str(), nullptr, Ptrs.data(),
                      static_cast<uint32_t>(Ptrs.size())};
      parse(FD, S);
    } else if (const auto *FD = dyn_cast<FieldDecl>(D)) {
      std::string Rec, Path;
      if (!fieldPath(FD, Rec, Path))
        return;
      vl_subject S = {VL_SUBJ_FIELD, Rec.c_str(), Path.c_str(), nullptr, 0};
      parse(FD, S);
    } else if (const auto *RD = dyn_cast<RecordDecl>(D)) {
      std::string Name = recordName(RD);
      vl_subject S = {VL_SUBJ_RECORD, Name.c_str(), nullptr, nullptr, 0};
      parse(RD, S);
    } else if (isa<VarDecl>(D) && !isa<ParmVarDecl>(D)) {
      vl_subject S = {VL_SUBJ_NONE, nullptr, nullptr, nullptr, 0};
      parse(D, S);
    }
  }
};

void Consumer::collectAnnotations(ASTContext &Ctx) {
  AnnotationCollector C(Spec, Ctx.getSourceManager(), Annotations);
  uint32_t Before;
  vl_spec_diags(Spec, &Before);
  C.walk(Ctx.getTranslationUnitDecl());
  // The spec was finished when it was read: again only if it grew.
  if (C.Locs.empty())
    return;
  vl_spec_finish(Spec);
  reportSpecErrors(CI.getDiagnostics(), Spec, Before, C.Locs);
}

/// Functions stored in struct initialisers of globals (operation tables):
/// tell the core which field each is stored in, with the initialiser's
/// constant fields (mm_walk_ops.walk_lock decides what its callbacks
/// hold).
// The scalar fields of a struct initialiser with constant values, and
// (C11 6.7.9p10, p21) the scalar fields it leaves out, which are zero: for
// an enum, the enumerator whose value is 0 names it (an mm_walk_ops
// without .walk_lock is PGWALK_RDLOCK).  Sibs points into Names and Enums.
struct ConstFields {
  std::vector<std::string> Names, Enums;
  std::vector<vl_sibling> Sibs;
};

static void constFields(
    ASTContext &Ctx, const RecordDecl *RD,
    const std::vector<std::pair<const FieldDecl *, const Expr *>> &Inits,
    ConstFields &CF) {
  // Reserve for every field so that the strings never move.
  size_t NFields = std::distance(RD->field_begin(), RD->field_end());
  CF.Names.reserve(NFields);
  CF.Enums.reserve(NFields);
  llvm::SmallPtrSet<const FieldDecl *, 16> Given;
  for (const auto &FI : Inits) {
    const Expr *In = FI.second;
    Expr::EvalResult R;
    // A function stored in a sibling field names it (the seq_file
    // operations whose .start is m_start hold what m_start takes).
    const Expr *Fn = In ? In->IgnoreParenImpCasts() : nullptr;
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(Fn))
      if (UO->getOpcode() == UO_AddrOf)
        Fn = UO->getSubExpr()->IgnoreParenImpCasts();
    const auto *FnRef = dyn_cast_or_null<DeclRefExpr>(Fn);
    if (FnRef && isa<FunctionDecl>(FnRef->getDecl()) &&
        !FI.first->getName().empty()) {
      Given.insert(FI.first);
      CF.Names.push_back(FI.first->getName().str());
      CF.Enums.push_back(FnRef->getDecl()->getName().str());
      CF.Sibs.push_back({CF.Names.back().c_str(), CF.Enums.back().c_str(), 0});
      continue;
    }
    if (!In || isa<ImplicitValueInitExpr>(In) || FI.first->getName().empty() ||
        !In->getType()->isIntegralOrEnumerationType() ||
        In->isValueDependent() || !In->EvaluateAsInt(R, Ctx))
      continue;
    Given.insert(FI.first);
    CF.Names.push_back(FI.first->getName().str());
    const auto *DRE = dyn_cast<DeclRefExpr>(In->IgnoreParenImpCasts());
    const auto *EC = DRE ? dyn_cast<EnumConstantDecl>(DRE->getDecl()) : nullptr;
    CF.Enums.push_back(EC ? EC->getName().str() : "");
    CF.Sibs.push_back(
        {CF.Names.back().c_str(),
         CF.Enums.back().empty() ? nullptr : CF.Enums.back().c_str(),
         toInt64(R.Val.getInt())});
  }
  if (RD->isUnion())
    return;
  for (const FieldDecl *F : RD->fields()) {
    QualType T = F->getType();
    if (Given.count(F) || F->getName().empty() ||
        !T->isIntegralOrEnumerationType())
      continue;
    std::string Zero;
    if (const auto *ET = T->getAs<EnumType>())
      for (const EnumConstantDecl *EC : ET->getDecl()->enumerators())
        if (EC->getInitVal() == 0) {
          Zero = EC->getName().str();
          break;
        }
    CF.Names.push_back(F->getName().str());
    CF.Enums.push_back(Zero);
    CF.Sibs.push_back(
        {CF.Names.back().c_str(),
         CF.Enums.back().empty() ? nullptr : CF.Enums.back().c_str(), 0});
  }
}

// The fields of a struct initialiser list, in the semantic form.
static const InitListExpr *
structInits(const Expr *E, const RecordDecl *&RD,
            std::vector<std::pair<const FieldDecl *, const Expr *>> &Inits) {
  const auto *ILE = dyn_cast<InitListExpr>(E->IgnoreParenImpCasts());
  RD = nullptr;
  if (!ILE)
    return nullptr;
  if (ILE->isSyntacticForm() && ILE->getSemanticForm())
    ILE = ILE->getSemanticForm();
  RD = ILE->getType()->getAsRecordDecl();
  if (!RD)
    return ILE;
  if (RD->isUnion()) {
    if (const FieldDecl *F = ILE->getInitializedFieldInUnion())
      if (ILE->getNumInits())
        Inits.emplace_back(F, ILE->getInit(0));
  } else {
    unsigned I = 0;
    for (const FieldDecl *F : RD->fields()) {
      if (I >= ILE->getNumInits())
        break;
      Inits.emplace_back(F, ILE->getInit(I++));
    }
  }
  return ILE;
}

static void collectCallbacks(ASTContext &Ctx, const Expr *E, vl_unit *U) {
  const RecordDecl *RD;
  std::vector<std::pair<const FieldDecl *, const Expr *>> Inits;
  const InitListExpr *ILE = structInits(E, RD, Inits);
  if (!ILE)
    return;
  if (!RD) {
    for (const Expr *In : ILE->inits())
      if (In)
        collectCallbacks(Ctx, In, U);
    return;
  }
  ConstFields CF;
  constFields(Ctx, RD, Inits, CF);
  std::string Rec = recordName(RD);
  for (const auto &FI : Inits) {
    const Expr *In = FI.second;
    if (!In)
      continue;
    const Expr *X = In->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(X))
      if (UO->getOpcode() == UO_AddrOf)
        X = UO->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
      if (const auto *Fn = dyn_cast<FunctionDecl>(DRE->getDecl()))
        if (Fn->getIdentifier() && !FI.first->getName().empty())
          vl_unit_callback(U, Fn->getName().str().c_str(), Rec.c_str(),
                           FI.first->getName().str().c_str(), CF.Sibs.data(),
                           static_cast<uint32_t>(CF.Sibs.size()));
      continue;
    }
    collectCallbacks(Ctx, In, U);
  }
}

// A const struct global's scalar fields are constants the analysis may
// read through a pointer to it (ops->walk_lock of &smaps_walk_ops).
static void collectConstFields(ASTContext &Ctx, const VarDecl *VD, vl_unit *U) {
  if (!VD->getType().isConstQualified() || !VD->getIdentifier() ||
      !VD->getInit())
    return;
  const RecordDecl *RD;
  std::vector<std::pair<const FieldDecl *, const Expr *>> Inits;
  const InitListExpr *ILE = structInits(VD->getInit(), RD, Inits);
  if (!ILE || !RD)
    return;
  ConstFields CF;
  constFields(Ctx, RD, Inits, CF);
  std::string Name = VD->getName().str();
  for (const vl_sibling &S : CF.Sibs)
    vl_unit_const_field(U, Name.c_str(), S.field, S.value);
}

/// What a body or an initialiser refers to: functions (called or
/// address-taken), and locals with struct initialisers (operation tables
/// built in a local, struct rmap_walk_control rwc = { .rmap_one = ... }).
struct RefVisitor : RecursiveASTVisitor<RefVisitor> {
  std::vector<const FunctionDecl *> Refs;
  std::vector<const VarDecl *> Inits;
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const auto *FD = dyn_cast<FunctionDecl>(E->getDecl()))
      Refs.push_back(FD);
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->getInit() && VD->getType()->isRecordType())
      Inits.push_back(VD);
    return true;
  }
};

/// The functions of a unit and their references, read as the core's
/// selection reaches them (vl_unit_select_functions()).
struct FunctionGraph {
  ASTContext &Ctx;
  vl_unit *U;
  llvm::DenseMap<const FunctionDecl *, uint32_t> Ids;
  std::vector<const FunctionDecl *> Defs;

  FunctionGraph(ASTContext &Ctx, vl_unit *U) : Ctx(Ctx), U(U) {}

  uint32_t idOf(const FunctionDecl *FD) {
    const FunctionDecl *Def = FD->getDefinition();
    if (!Def || !Def->getIdentifier())
      return VL_NONE;
    auto It = Ids.find(Def);
    if (It != Ids.end())
      return It->second;
    uint32_t Id =
        vl_unit_fndecl(U, Def->getName().str().c_str(),
                       !Def->isExternallyVisible(), Def->hasBody());
    Ids[Def] = Id;
    Defs.push_back(Def);
    return Id;
  }

  /// The references of a definition's body (vl_unit_select_functions()
  /// calls this for each function it reaches).
  static void addRefs(void *Graph, uint32_t Id) {
    auto *G = static_cast<FunctionGraph *>(Graph);
    const FunctionDecl *FD = G->Defs[Id];
    RefVisitor RV;
    RV.TraverseStmt(FD->getBody());
    for (const FunctionDecl *To : RV.Refs) {
      uint32_t T = G->idOf(To);
      if (T != VL_NONE)
        vl_unit_fnref(G->U, Id, T);
    }
    for (const VarDecl *VD : RV.Inits)
      collectCallbacks(G->Ctx, VD->getInit(), G->U);
  }
};

void Consumer::selectFunctions(ASTContext &Ctx, vl_unit *U,
                               std::vector<const FunctionDecl *> &Selected) {
  FunctionGraph G(Ctx, U);
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
      // The roots are declared now; static functions when something
      // refers to them, and read when reached: most of a kernel unit's
      // inline functions are neither.
      if (FD->doesThisDeclarationHaveABody() && FD->isExternallyVisible())
        G.idOf(FD);
    } else if (const auto *VD = dyn_cast<VarDecl>(D)) {
      // Functions in initialisers of globals (operation tables) are
      // called from elsewhere: they are roots.
      if (!VD->getInit())
        continue;
      collectCallbacks(Ctx, VD->getInit(), U);
      collectConstFields(Ctx, VD, U);
      RefVisitor RV;
      RV.TraverseStmt(const_cast<Expr *>(VD->getInit()));
      for (const FunctionDecl *To : RV.Refs) {
        uint32_t T = G.idOf(To);
        if (T != VL_NONE)
          vl_unit_fnref(U, VL_NONE, T);
      }
    }
  }
  vl_unit_select_functions(U, FunctionGraph::addRefs, &G);
  // In source order: what is lowered, and so analysed, does not depend
  // on the order in which references were followed.
  SourceManager &SM = Ctx.getSourceManager();
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    // Definitions: bodies, and aliases (int f(void) __attribute__((alias
    // ("g")))), which are stored as not analysed.
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (!FD || !FD->isThisDeclarationADefinition() || !FD->getIdentifier())
      continue;
    auto It = G.Ids.find(FD);
    if (It != G.Ids.end() && U->fndecls[It->second].selected)
      Selected.push_back(FD);
    else if (SM.isWrittenInMainFile(SM.getExpansionLoc(FD->getLocation())))
      Skipped.push_back(FD);
  }
}

const char *Consumer::lineText(void *Ctx, uint32_t Loc, size_t *Len) {
  auto *C = static_cast<Consumer *>(Ctx);
  SourceManager &SM = C->CI.getSourceManager();
  SourceLocation L = C->Locs->clangLoc(Loc);
  *Len = 0;
  if (L.isInvalid())
    return "";
  std::pair<FileID, unsigned> D = SM.getDecomposedLoc(L);
  bool Invalid = false;
  llvm::StringRef Buf = SM.getBufferData(D.first, &Invalid);
  if (Invalid || D.second > Buf.size())
    return "";
  size_t Start = Buf.rfind('\n', D.second ? D.second - 1 : 0);
  Start = (Start == llvm::StringRef::npos || D.second == 0) ? 0 : Start + 1;
  size_t End = Buf.find('\n', D.second);
  if (End == llvm::StringRef::npos)
    End = Buf.size();
  *Len = End - Start;
  return Buf.data() + Start;
}

void Consumer::emitDiagnostics(vl_unit *U) {
  DiagnosticsEngine &DE = CI.getDiagnostics();
  unsigned WarnID = DE.getCustomDiagID(
      Opts.Werror ? DiagnosticsEngine::Error : DiagnosticsEngine::Warning,
      "%0");
  unsigned NoteID = DE.getCustomDiagID(DiagnosticsEngine::Note, "%0");
  for (uint32_t I = 0; I < U->nfindings; ++I) {
    const vl_finding &F = U->findings[I];
    std::string Msg = std::string(F.message) + " [vmalock-" + F.checker + "]";
    DE.Report(Locs->clangLoc(F.loc), WarnID) << Msg;
    for (uint32_t J = 0; J < F.nsteps; ++J)
      DE.Report(Locs->clangLoc(F.steps[J].loc), NoteID)
          << std::string(F.steps[J].msg);
  }
}

/// Where a rule's entry is written.  Annotations were parsed under the
/// names "<annotation N>" (so that their errors point at them): their
/// entries are at the annotation in the source, as the link has them.
void Consumer::ruleLocation(const vl_rule &R, std::string &File,
                            uint32_t &Line) {
  llvm::StringRef Name(R.file);
  unsigned N = 0;
  File = R.file;
  Line = R.line;
  if (!Name.consume_front("<annotation ") || !Name.consume_back(">") ||
      Name.getAsInteger(10, N) || N < 1 || N > Annotations.size())
    return;
  PresumedLoc P = CI.getSourceManager().getPresumedLoc(Annotations[N - 1].Loc);
  if (!P.isValid())
    return;
  File = Locs->normalise(P.getFilename());
  Line = P.getLine() + R.line - 1;
}

void Consumer::store(vl_unit *U, const std::string &UnitPath,
                     unsigned DurationMs) {
  DiagnosticsEngine &DE = CI.getDiagnostics();
  unsigned ErrID = DE.getCustomDiagID(DiagnosticsEngine::Error,
                                      "vmalock: cannot store findings: %0");
  std::vector<vl_store_step> Steps;
  std::vector<vl_store_finding> Findings;
  std::vector<vl_store_function> Funcs;
  std::vector<size_t> FirstStep;
  std::vector<std::string> RuleFiles(U->nfindings);

  auto fileOf = [&](uint32_t Loc) { return U->files[U->locs[Loc].file]; };
  for (uint32_t I = 0; I < U->nfindings; ++I) {
    const vl_finding &F = U->findings[I];
    FirstStep.push_back(Steps.size());
    for (uint32_t J = 0; J < F.nsteps; ++J) {
      const vl_loc &L = U->locs[F.steps[J].loc];
      Steps.push_back({fileOf(F.steps[J].loc), L.line, L.col, F.steps[J].msg});
    }
  }
  for (uint32_t I = 0; I < U->nfindings; ++I) {
    const vl_finding &F = U->findings[I];
    const vl_loc &L = U->locs[F.loc];
    vl_store_finding R = {};
    R.fingerprint = F.fingerprint;
    R.checker = F.checker;
    R.file = fileOf(F.loc);
    R.line = L.line;
    R.col = L.col;
    R.function = F.function;
    R.key = F.key;
    R.message = F.message;
    R.steps = F.nsteps ? &Steps[FirstStep[I]] : nullptr;
    R.nsteps = F.nsteps;
    if (F.rule.file) {
      ruleLocation(F.rule, RuleFiles[I], R.rule_line);
      R.rule_file = RuleFiles[I].c_str();
      R.rule_text = F.rule.text;
      R.rule_doc = F.rule.doc;
    }
    Findings.push_back(R);
  }
  for (uint32_t I = 0; I < U->nfuncs; ++I) {
    const vl_func *F = U->funcs[I];
    const vl_loc &L = U->locs[F->loc];
    Funcs.push_back({F->name, fileOf(F->loc), L.line, F->is_static, true});
  }
  std::vector<std::string> SkippedNames;
  SkippedNames.reserve(Skipped.size());
  for (const FunctionDecl *FD : Skipped) {
    uint32_t Loc = Locs->get(FD->getLocation());
    SkippedNames.push_back(FD->getName().str());
    Funcs.push_back({SkippedNames.back().c_str(), fileOf(Loc),
                     U->locs[Loc].line, !FD->isExternallyVisible(), false});
  }
  char Hash[32];
  snprintf(Hash, sizeof(Hash), "%016llx",
           static_cast<unsigned long long>(SpecFileHash));
  std::string Compiler = std::string("clang ") + CLANG_VERSION_STRING;
  vl_store_unit Unit = {};
  Unit.path = UnitPath.c_str();
  Unit.compiler = Compiler.c_str();
  Unit.tool_version = VL_VERSION;
  Unit.spec_name = Spec->name;
  Unit.spec_hash = Hash;
  Unit.run_key = std::getenv("VMALOCK_RUN");
  Unit.duration_ms = DurationMs;
  // The lowered IR, for whole-program analysis (vmalock link).
  vl_buf Ir;
  vl_buf_init(&Ir);
  vl_ir_encode(U, &Ir);
  Unit.ir = vl_buf_cstr(&Ir);
  Unit.ir_len = Ir.len;
  Unit.ir_format = VL_IR_FORMAT;

  vl_store *S = nullptr;
  char *Err = nullptr;
  if (vl_store_open(Opts.Db.c_str(), &S, &Err) != 0 ||
      vl_store_put_unit(S, &Unit, Funcs.data(),
                        static_cast<uint32_t>(Funcs.size()), Findings.data(),
                        static_cast<uint32_t>(Findings.size()), &Err) != 0) {
    DE.Report(ErrID) << (Err ? Err : "unknown error");
    free(Err);
  }
  // Closed here, before clang exits: cc1 runs with -disable-free and
  // may never run destructors.
  vl_store_close(S);
  vl_buf_free(&Ir);
}

void Consumer::HandleTranslationUnit(ASTContext &Ctx) {
  auto Start = std::chrono::steady_clock::now();
  DiagnosticsEngine &DE = CI.getDiagnostics();
  // Code that does not compile is not analysed (its AST may be partial),
  // and nothing is stored for it: what the database holds stays.
  if (!SpecOk || DE.hasErrorOccurred())
    return;
  collectAnnotations(Ctx);
  if (DE.hasErrorOccurred())
    return;

  SourceManager &SM = Ctx.getSourceManager();
  std::string Root = Opts.Root;
  if (Root.empty()) {
    llvm::SmallString<256> Cwd;
    if (!llvm::sys::fs::current_path(Cwd))
      Root = Cwd.str().str();
  }
  std::string MainPath;
  if (OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID()))
    MainPath = Main->getName().str();

  vl_unit *U = vl_unit_new(Spec, "");
  Locations L(SM, U, Root);
  Locs = &L;
  std::string UnitPath = L.normalise(MainPath);
  U->main_file = vl_unit_intern(U, UnitPath.c_str());
  U->fe.ctx = this;
  U->fe.line_text = lineText;
  U->strict = Opts.Strict;
  U->dump_summaries = Opts.DumpSummaries ? stderr : nullptr;
  // Kept for whole-program analysis (vmalock link).
  for (const KeptAnnotation &K : Annotations) {
    std::vector<const char *> Params;
    for (const std::string &P : K.Params)
      Params.push_back(P.c_str());
    PresumedLoc P = SM.getPresumedLoc(K.Loc);
    std::string File = P.isValid() ? L.normalise(P.getFilename()) : "";
    vl_unit_annotation(U, K.Kind, K.Name.empty() ? nullptr : K.Name.c_str(),
                       K.Field.empty() ? nullptr : K.Field.c_str(),
                       Params.data(), static_cast<uint32_t>(Params.size()),
                       K.Text.c_str(), File.c_str(),
                       P.isValid() ? P.getLine() : 0,
                       P.isValid() ? P.getColumn() : 0);
  }

  std::vector<const FunctionDecl *> Selected;
  selectFunctions(Ctx, U, Selected);
  for (const FunctionDecl *FD : Selected) {
    uint32_t Before = U->nfuncs;
    lowerFunction(Ctx, FD, U, L, *Macros);
    if (Opts.DumpIr && U->nfuncs > Before)
      vl_func_dump(U, U->funcs[Before], stderr);
  }
  vl_unit_analyse(U);
  emitDiagnostics(U);
  auto Ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - Start)
                .count();
  if (!Opts.Db.empty())
    store(U, UnitPath, static_cast<unsigned>(Ms));
  Locs = nullptr;
  vl_unit_free(U);
}

class Action : public PluginASTAction {
public:
  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &DE = CI.getDiagnostics();
    unsigned ErrID = DE.getCustomDiagID(
        DiagnosticsEngine::Error,
        "vmalock: unknown plugin argument '%0' (expected db=PATH, "
        "spec=PATH, root=DIR, werror, strict, dump-ir or dump-summaries)");
    unsigned EmptyID = DE.getCustomDiagID(
        DiagnosticsEngine::Error, "vmalock: plugin argument '%0' needs a value");
    for (const std::string &A : Args) {
      llvm::StringRef S(A), Key, Value;
      std::tie(Key, Value) = S.split('=');
      bool HasValue = S.contains('=');
      if (Key == "werror" && !HasValue) {
        Opts.Werror = true;
      } else if (Key == "dump-ir" && !HasValue) {
        Opts.DumpIr = true;
      } else if (Key == "dump-summaries" && !HasValue) {
        Opts.DumpSummaries = true;
      } else if (Key == "strict" && !HasValue) {
        Opts.Strict = true;
      } else if (Key == "db" || Key == "spec" || Key == "root") {
        if (Value.empty()) {
          DE.Report(EmptyID) << Key;
          return false;
        }
        std::string *Dst = Key == "db" ? &Opts.Db
                           : Key == "spec" ? &Opts.Spec
                                           : &Opts.Root;
        *Dst = Value.str();
      } else {
        DE.Report(ErrID) << A;
        return false;
      }
    }
    if (!Opts.Root.empty()) {
      llvm::SmallString<256> R(Opts.Root);
      llvm::sys::fs::make_absolute(R);
      llvm::sys::path::remove_dots(R, true);
      Opts.Root = R.str().str();
    }
    return true;
  }

  ActionType getActionType() override { return AddAfterMainAction; }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    Preprocessor &PP = CI.getPreprocessor();
    // Annotation macros in annotations/vmalock.h expand to nothing unless
    // the plugin is loaded.
    PP.setPredefines(PP.getPredefines() + "#define __VMALOCK__ 1\n");

    vl_spec *Spec = vl_spec_new();
    if (Opts.Spec.empty())
      vl_spec_parse_bundled(Spec);
    else
      vl_spec_parse_file(Spec, Opts.Spec.c_str());
    uint32_t NErr;
    vl_spec_diags(Spec, &NErr);
    bool Ok = NErr == 0;
    if (Ok) {
      // Resolve now to report errors early; annotations are added and the
      // spec finished again at the end of the unit.
      Ok = vl_spec_finish(Spec) == 0;
    }
    if (!Ok)
      reportSpecErrors(CI.getDiagnostics(), Spec, 0, {});

    auto Macros = std::make_shared<std::vector<MacroInvocation>>();
    llvm::DenseSet<const IdentifierInfo *> MacroNames;
    for (uint32_t I = 0; I < Spec->nfns; ++I)
      if (Spec->fns[I]->is_macro)
        MacroNames.insert(PP.getIdentifierInfo(Spec->fns[I]->name));
    if (!MacroNames.empty())
      PP.addPPCallbacks(
          std::make_unique<MacroRecorder>(PP, std::move(MacroNames), Macros));
    return std::make_unique<Consumer>(CI, Opts, Spec, Ok, Macros);
  }

private:
  Options Opts;
};

} // namespace
} // namespace vmalock

static clang::FrontendPluginRegistry::Add<vmalock::Action>
    X("vmalock", "check Linux mm locking rules (VMA, mmap, rmap, page tables)");
