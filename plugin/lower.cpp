//===- lower.cpp - Clang CFG to vmalock IR --------------------------------===//
//
// Lowers one function definition: Clang's CFG (every sub-expression an
// element, in evaluation order) becomes basic blocks of events, and
// expressions become the address/value terms of core/ir.h.  Only shapes
// are translated here; what a call or a write means is decided by the C
// core from the spec.
//
//===----------------------------------------------------------------------===//

#include "frontend.h"

#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"

#include <algorithm>
#include <optional>

using namespace clang;

namespace vmalock {

std::string recordName(const RecordDecl *RD) {
  // Members of anonymous structs and unions belong to the enclosing
  // named struct: vma->vm_start is a field of vm_area_struct.
  while (RD && RD->isAnonymousStructOrUnion()) {
    const auto *Parent = dyn_cast<RecordDecl>(RD->getDeclContext());
    if (!Parent)
      break;
    RD = Parent;
  }
  if (!RD)
    return "";
  if (!RD->getName().empty())
    return RD->getName().str();
  if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    return TD->getName().str();
  return "";
}

namespace {

std::string typeRecord(QualType T, bool &IsRecord) {
  IsRecord = false;
  T = T.getCanonicalType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType().getCanonicalType();
  else
    IsRecord = T->isRecordType();
  if (const auto *RT = T->getAs<RecordType>())
    return recordName(RT->getDecl());
  IsRecord = false;
  return "";
}

class Lowerer {
public:
  Lowerer(ASTContext &Ctx, const FunctionDecl *FD, vl_unit *U, Locations &Locs,
          const std::vector<MacroInvocation> &Macros)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), FD(FD), U(U), Locs(Locs),
        Macros(Macros) {}

  void run();

private:
  ASTContext &Ctx;
  SourceManager &SM;
  const FunctionDecl *FD;
  vl_unit *U;
  vl_func *F = nullptr;
  Locations &Locs;
  const std::vector<MacroInvocation> &Macros;

  llvm::DenseMap<const VarDecl *, uint32_t> LocalIds;
  llvm::DenseMap<const Expr *, uint32_t> Sites;
  // The value of "c ? a : b": a local each arm's block assigns, so that a
  // path keeps the value of its arm (pte_alloc_map_lock() is
  // "pte_alloc() ? NULL : pte_offset_map_lock()").
  llvm::DenseMap<const ConditionalOperator *, uint32_t> CondTemps;
  // Arm expression -> the operator whose temporary it assigns.
  llvm::DenseMap<const Stmt *, const ConditionalOperator *> CondArms;
  // The value of "a && b" and "a || b" with side effects (calls), used
  // as a value: a local the block deciding on a assigns (a != 0) and the
  // block evaluating b assigns (b != 0), so each path keeps its own.
  // Without side effects the operator is a value of its operands
  // (vma_merge_existing_range(): "merge_both = merge_left &&
  // merge_right").
  llvm::DenseMap<const BinaryOperator *, uint32_t> LogicTemps;
  // Right operand -> the operator whose temporary it assigns.
  llvm::DenseMap<const Stmt *, const BinaryOperator *> LogicRHS;
  // The same operator nested in one with a temporary ("(a || b) || c"):
  // where it short-circuits so does the outer one, and the CFG jumps
  // straight to the outer one's end, so its deciding block assigns the
  // outer temporary too ("unlikely(faulthandler_disabled() || !mm)").
  llvm::DenseMap<const BinaryOperator *, uint32_t> LogicChain;
  // "p++" on a pointer local: the value before, which the expression
  // gives ("if (!ptep++)" tests the old pointer).
  llvm::DenseMap<const UnaryOperator *, uint32_t> PostTemps;

  // Spec macros invoked inside this function.
  struct MacroUse {
    const MacroInvocation *Inv;
    std::vector<const Expr *> ArgExprs;
    const Stmt *Anchor = nullptr; // first element inside or after it
    bool Inside = false;          // Anchor lies inside the invocation
    bool Emitted = false;
  };
  std::vector<MacroUse> Uses;

  uint32_t local(const VarDecl *VD);
  uint32_t loc(SourceLocation L) { return Locs.get(L); }

  uint32_t rvalue(const Expr *E);
  int64_t pointerStep(const Expr *Target, const UnaryOperator *UO,
                      const BinaryOperator *BO, bool &Ok);
  void chainOperands(const BinaryOperator *BO, uint32_t Temp);
  uint32_t lvalueAddr(const Expr *E);
  uint32_t constant(const Expr *E, bool &Ok);

  void collectMacroUses(const CFG &G);
  MacroUse *macroContaining(const Stmt *S);
  void emitMacro(MacroUse &MU);
  void lowerElement(const Stmt *S);
  void lowerAssign(const Expr *LHS, uint32_t Val, unsigned Flags,
                   SourceLocation L);
  void lowerDecl(const VarDecl *VD);
  void lowerFieldInits(const RecordDecl *RD, const InitListExpr *IL,
                       uint32_t Base);
  void lowerEdges(const CFGBlock &B);
};

uint32_t Lowerer::local(const VarDecl *VD) {
  auto It = LocalIds.find(VD);
  if (It != LocalIds.end())
    return It->second;
  bool IsRecord;
  std::string Rec = typeRecord(VD->getType(), IsRecord);
  int32_t Param = -1;
  if (const auto *PV = dyn_cast<ParmVarDecl>(VD))
    Param = static_cast<int32_t>(PV->getFunctionScopeIndex());
  std::string Name = VD->getName().str();
  std::string Type = VD->getType().getAsString();
  uint32_t Id = vl_func_local(U, F, Name.c_str(), Type.c_str(),
                              Rec.empty() ? nullptr : Rec.c_str(), Param);
  F->locals[Id].is_record = IsRecord;
  LocalIds[VD] = Id;
  return Id;
}

static bool isLocalVar(const ValueDecl *D) {
  const auto *VD = dyn_cast<VarDecl>(D);
  return VD && VD->hasLocalStorage();
}

uint32_t Lowerer::constant(const Expr *E, bool &Ok) {
  Ok = false;
  if (E->isValueDependent() || E->isTypeDependent())
    return VL_NONE;
  if (E->getType()->isPointerType() || E->getType()->isNullPtrType()) {
    if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
        Expr::NPCK_NotNull) {
      Ok = true;
      return vl_x_const(F, 0);
    }
    return VL_NONE;
  }
  if (!E->getType()->isIntegralOrEnumerationType())
    return VL_NONE;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return VL_NONE;
  // Values are kept as 64-bit patterns: an unsigned long above INT64_MAX
  // (~0UL, a high flag bit) keeps its bits, so masks still work.
  const llvm::APSInt &V = R.Val.getInt();
  if (V.getBitWidth() > 64 && !V.isRepresentableByInt64())
    return VL_NONE;
  Ok = true;
  return vl_x_const(F, toInt64(V));
}

uint32_t Lowerer::lvalueAddr(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *CE = dyn_cast<CastExpr>(E)) {
    switch (CE->getCastKind()) {
    case CK_NoOp:
    case CK_LValueBitCast:
      return lvalueAddr(CE->getSubExpr());
    default:
      return vl_x_unknown(F);
    }
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const ValueDecl *D = DRE->getDecl();
    if (isLocalVar(D))
      return vl_x_addr_local(F, local(cast<VarDecl>(D)));
    if (const auto *VD = dyn_cast<VarDecl>(D)) {
      std::string Name = VD->getName().str();
      if (VD->isStaticLocal())
        Name = FD->getName().str() + "::" + Name;
      return vl_x_global_addr(U, F, Name.c_str());
    }
    if (const auto *Fn = dyn_cast<FunctionDecl>(D))
      return vl_x_func_addr(U, F, Fn->getName().str().c_str());
    return vl_x_unknown(F);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field)
      return vl_x_unknown(F);
    uint32_t Base =
        ME->isArrow() ? rvalue(ME->getBase()) : lvalueAddr(ME->getBase());
    // An anonymous struct or union member adds nothing to the path.
    if (Field->isAnonymousStructOrUnion())
      return Base;
    std::string Rec = recordName(Field->getParent());
    std::string Name = Field->getName().str();
    return vl_x_field_addr(U, F, Base, Rec.empty() ? nullptr : Rec.c_str(),
                           Name.c_str());
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref)
      return rvalue(UO->getSubExpr());
    if (UO->getOpcode() == UO_Extension)
      return lvalueAddr(UO->getSubExpr());
  }
  return vl_x_unknown(F);
}

static enum vl_pred predFor(BinaryOperatorKind Op, bool Swapped) {
  switch (Op) {
  case BO_EQ:
    return VL_P_EQ;
  case BO_NE:
    return VL_P_NE;
  case BO_LT:
    return Swapped ? VL_P_GT : VL_P_LT;
  case BO_LE:
    return Swapped ? VL_P_GE : VL_P_LE;
  case BO_GT:
    return Swapped ? VL_P_LT : VL_P_GT;
  default:
    return Swapped ? VL_P_LE : VL_P_GE;
  }
}

void Lowerer::chainOperands(const BinaryOperator *BO, uint32_t Temp) {
  for (const Expr *Side : {BO->getLHS(), BO->getRHS()}) {
    const auto *In = dyn_cast<BinaryOperator>(Side->IgnoreParens());
    if (In && In->getOpcode() == BO->getOpcode() && !LogicTemps.count(In) &&
        !LogicChain.count(In)) {
      LogicChain[In] = Temp;
      chainOperands(In, Temp);
    }
  }
}

// The elements a "p++", "--p", "p += n" or "p -= n" moves pointer local p
// by (Ok: it is one, with a constant n).
int64_t Lowerer::pointerStep(const Expr *Target, const UnaryOperator *UO,
                             const BinaryOperator *BO, bool &Ok) {
  Ok = false;
  const auto *DRE = dyn_cast<DeclRefExpr>(Target->IgnoreParens());
  if (!DRE || !isLocalVar(DRE->getDecl()) ||
      !Target->getType()->isPointerType())
    return 0;
  if (UO) {
    Ok = true;
    return UO->isIncrementOp() ? 1 : -1;
  }
  if (BO->getOpcode() != BO_AddAssign && BO->getOpcode() != BO_SubAssign)
    return 0;
  uint32_t C = constant(BO->getRHS(), Ok);
  if (!Ok)
    return 0;
  return BO->getOpcode() == BO_AddAssign ? F->exprs[C].k : -F->exprs[C].k;
}

uint32_t Lowerer::rvalue(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    auto It = CondTemps.find(CO);
    if (It != CondTemps.end())
      return vl_x_local(F, It->second);
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    // Without side effects "a && b" is a value of its operands, which
    // a later test of either decides.
    if (BO->isLogicalOp() && !BO->HasSideEffects(Ctx))
      return vl_x_logic(F, BO->getOpcode() == BO_LOr, rvalue(BO->getLHS()),
                        rvalue(BO->getRHS()));
    auto It = LogicTemps.find(BO);
    if (It != LogicTemps.end())
      return vl_x_local(F, It->second);
    // One nested in another's operand, with calls: where its right
    // operand is looked at, the left one did not decide, so the calls'
    // results on the path are those of this evaluation.
    if (LogicChain.count(BO))
      return vl_x_logic(F, BO->getOpcode() == BO_LOr, rvalue(BO->getLHS()),
                        rvalue(BO->getRHS()));
  }
  if (const auto *CE = dyn_cast<CastExpr>(E)) {
    const Expr *Sub = CE->getSubExpr();
    switch (CE->getCastKind()) {
    case CK_LValueToRValue: {
      const Expr *S = Sub->IgnoreParens();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
        if (isLocalVar(DRE->getDecl()))
          return vl_x_local(F, local(cast<VarDecl>(DRE->getDecl())));
      return vl_x_load(F, lvalueAddr(Sub));
    }
    case CK_IntegralToBoolean:
    case CK_PointerToBoolean:
      return vl_x_test(F, rvalue(Sub), VL_P_NE, 0);
    case CK_ArrayToPointerDecay:
    case CK_FunctionToPointerDecay:
      return lvalueAddr(Sub);
    case CK_ToVoid:
      return vl_x_unknown(F);
    case CK_NullToPointer:
      return vl_x_const(F, 0);
    default:
      return rvalue(Sub);
    }
  }
  if (const auto *IL = dyn_cast<IntegerLiteral>(E))
    return vl_x_const(F, toInt64(llvm::APSInt(IL->getValue(), true)));
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const ValueDecl *D = DRE->getDecl();
    if (const auto *EC = dyn_cast<EnumConstantDecl>(D))
      return vl_x_const(F, toInt64(EC->getInitVal()));
    if (isLocalVar(D))
      return vl_x_local(F, local(cast<VarDecl>(D)));
    if (isa<FunctionDecl>(D))
      return lvalueAddr(E);
    return vl_x_load(F, lvalueAddr(E));
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    switch (UO->getOpcode()) {
    case UO_AddrOf:
      return lvalueAddr(UO->getSubExpr());
    case UO_Deref:
      return vl_x_load(F, rvalue(UO->getSubExpr()));
    case UO_LNot:
      return vl_x_test(F, rvalue(UO->getSubExpr()), VL_P_EQ, 0);
    case UO_Extension:
      return rvalue(UO->getSubExpr());
    case UO_PostInc:
    case UO_PostDec: {
      auto It = PostTemps.find(UO);
      if (It != PostTemps.end())
        return vl_x_local(F, It->second);
      return vl_x_unknown(F);
    }
    case UO_PreInc:
    case UO_PreDec: {
      bool Ok = false;
      pointerStep(UO->getSubExpr(), UO, nullptr, Ok);
      if (Ok)
        return rvalue(UO->getSubExpr());
      return vl_x_unknown(F);
    }
    default: {
      bool Ok;
      uint32_t C = constant(E, Ok);
      return Ok ? C : vl_x_unknown(F);
    }
    }
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    BinaryOperatorKind Op = BO->getOpcode();
    if (BO->isComparisonOp()) {
      bool Ok;
      uint32_t C = constant(BO->getRHS(), Ok);
      if (Ok)
        return vl_x_test(F, rvalue(BO->getLHS()), predFor(Op, false),
                         F->exprs[C].k);
      C = constant(BO->getLHS(), Ok);
      if (Ok)
        return vl_x_test(F, rvalue(BO->getRHS()), predFor(Op, true),
                         F->exprs[C].k);
      // Two values: equal or not (ptl != pml, mm != &init_mm).
      if (Op == BO_EQ || Op == BO_NE) {
        uint32_t Eq = vl_x_eq(F, rvalue(BO->getLHS()), rvalue(BO->getRHS()));
        return Op == BO_EQ ? Eq : vl_x_test(F, Eq, VL_P_EQ, 0);
      }
      return vl_x_unknown(F);
    }
    if ((Op == BO_Add || Op == BO_Sub) && BO->getType()->isPointerType()) {
      // p + n, p - n with a constant n.
      bool Ok;
      const Expr *P = BO->getLHS(), *N = BO->getRHS();
      if (!P->getType()->isPointerType())
        std::swap(P, N);
      uint32_t C = constant(N, Ok);
      if (Ok && P->getType()->isPointerType())
        return vl_x_offset(F, rvalue(P),
                           Op == BO_Add ? F->exprs[C].k : -F->exprs[C].k);
      return vl_x_unknown(F);
    }
    if (Op == BO_And) {
      bool Ok;
      uint32_t C = constant(BO->getRHS(), Ok);
      if (Ok)
        return vl_x_bitand(F, rvalue(BO->getLHS()), F->exprs[C].k);
      C = constant(BO->getLHS(), Ok);
      if (Ok)
        return vl_x_bitand(F, rvalue(BO->getRHS()), F->exprs[C].k);
      return vl_x_unknown(F);
    }
    if (Op == BO_Or) {
      bool Ok;
      uint32_t C = constant(BO->getRHS(), Ok);
      if (Ok)
        return vl_x_bitor(F, rvalue(BO->getLHS()), F->exprs[C].k);
      C = constant(BO->getLHS(), Ok);
      if (Ok)
        return vl_x_bitor(F, rvalue(BO->getRHS()), F->exprs[C].k);
      return vl_x_unknown(F);
    }
    if (Op == BO_Shl) {
      // x << k has its low k bits clear, whatever x is
      // (VM_FAULT_SET_HINDEX(x) never sets VM_FAULT_RETRY).
      bool Ok;
      uint32_t C = constant(E, Ok);
      if (Ok)
        return C;
      C = constant(BO->getRHS(), Ok);
      int64_t K = Ok ? F->exprs[C].k : 0;
      if (K > 0 && K < 64)
        return vl_x_bitand(F, vl_x_unknown(F), (int64_t)(~0ull << (unsigned)K));
      return vl_x_unknown(F);
    }
    if (Op == BO_Comma)
      return rvalue(BO->getRHS());
    if (Op == BO_Assign) {
      // The value of (x = v) is what x now holds.
      const Expr *L = BO->getLHS()->IgnoreParens();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(L))
        if (isLocalVar(DRE->getDecl()))
          return vl_x_local(F, local(cast<VarDecl>(DRE->getDecl())));
      return vl_x_load(F, lvalueAddr(L));
    }
    bool Ok;
    uint32_t C = constant(E, Ok);
    return Ok ? C : vl_x_unknown(F);
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (unsigned Builtin = Call->getBuiltinCallee()) {
      if (Builtin == Builtin::BI__builtin_expect && Call->getNumArgs() >= 1)
        return rvalue(Call->getArg(0));
      bool Ok;
      uint32_t C = constant(E, Ok);
      return Ok ? C : vl_x_unknown(F);
    }
    auto It = Sites.find(Call);
    if (It != Sites.end())
      return vl_x_call(F, It->second);
    return vl_x_unknown(F);
  }
  if (const auto *SE = dyn_cast<StmtExpr>(E)) {
    const CompoundStmt *CS = SE->getSubStmt();
    if (!CS->body_empty())
      if (const auto *Last = dyn_cast<Expr>(CS->body_back()))
        return rvalue(Last);
    return vl_x_unknown(F);
  }
  if (const auto *CE = dyn_cast<ChooseExpr>(E))
    return rvalue(CE->getChosenSubExpr());
  if (const auto *GS = dyn_cast<GenericSelectionExpr>(E))
    if (!GS->isResultDependent())
      return rvalue(GS->getResultExpr());
  if (isa<MemberExpr>(E) || isa<ArraySubscriptExpr>(E))
    return vl_x_load(F, lvalueAddr(E));
  bool Ok;
  uint32_t C = constant(E, Ok);
  return Ok ? C : vl_x_unknown(F);
}

/// Strip what WRITE_ONCE() and similar wrap around an lvalue:
/// *(volatile T *)&x is x.
static const Expr *stripAccessWrappers(const Expr *E, bool &Once) {
  for (;;) {
    E = E->IgnoreParens();
    const auto *UO = dyn_cast<UnaryOperator>(E);
    if (!UO || UO->getOpcode() != UO_Deref)
      return E;
    const Expr *Sub = UO->getSubExpr()->IgnoreParenCasts();
    const auto *Addr = dyn_cast<UnaryOperator>(Sub);
    if (!Addr || Addr->getOpcode() != UO_AddrOf)
      return E;
    E = Addr->getSubExpr();
    Once = true;
  }
}

void Lowerer::lowerAssign(const Expr *LHS, uint32_t Val, unsigned Flags,
                          SourceLocation L) {
  bool Once = false;
  LHS = stripAccessWrappers(LHS, Once);
  if (Once)
    Flags |= VL_EVF_ONCE;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(LHS)) {
    if (isLocalVar(DRE->getDecl())) {
      vl_ev_assign(F, loc(L), local(cast<VarDecl>(DRE->getDecl())), Val,
                   Flags);
      return;
    }
  }
  if (isa<MemberExpr>(LHS)) {
    uint32_t Addr = lvalueAddr(LHS);
    const vl_expr &X = F->exprs[Addr];
    if (X.kind == VL_X_FIELD_ADDR) {
      vl_ev_write(U, F, loc(L), X.a, X.rec, X.name, Val, Flags);
      return;
    }
    vl_ev_store(F, loc(L), Addr, Val, Flags);
    return;
  }
  vl_ev_store(F, loc(L), lvalueAddr(LHS), Val, Flags);
}

void Lowerer::lowerFieldInits(const RecordDecl *RD, const InitListExpr *IL,
                              uint32_t Base) {
  if (!IL || !IL->isSemanticForm() || !RD || RD->isUnion())
    return;
  unsigned I = 0;
  for (const FieldDecl *FDl : RD->fields()) {
    const Expr *E = I < IL->getNumInits() ? IL->getInit(I) : nullptr;
    ++I;
    // The members of an anonymous struct are the enclosing struct's
    // (vm_fault's vma): their initialisers are nested one level.
    if (FDl->isAnonymousStructOrUnion()) {
      const auto *Sub = E ? dyn_cast<InitListExpr>(E->IgnoreParens()) : nullptr;
      if (Sub)
        lowerFieldInits(FDl->getType()->getAsRecordDecl(), Sub, Base);
      continue;
    }
    if (FDl->getName().empty())
      continue;
    bool Zero = !E || isa<ImplicitValueInitExpr>(E);
    if (Zero && !FDl->getType()->isScalarType())
      continue;
    std::string Rec = recordName(RD), Name = FDl->getName().str();
    uint32_t Addr = vl_x_field_addr(
        U, F, Base, Rec.empty() ? nullptr : Rec.c_str(), Name.c_str());
    vl_ev_store(F, loc(Zero ? IL->getEndLoc() : E->getBeginLoc()), Addr,
                Zero ? vl_x_const(F, 0) : rvalue(E), 0);
  }
}

void Lowerer::lowerDecl(const VarDecl *VD) {
  if (!VD->hasLocalStorage())
    return;
  uint32_t L = local(VD);
  const Expr *Init = VD->getInit();
  if (!Init)
    return;
  const auto *IL = dyn_cast<InitListExpr>(Init->IgnoreParens());
  if (IL && VD->getType()->isRecordType()) {
    // struct s x = { .a = v, ... }: the fields hold the initialisers, and
    // the scalar fields it leaves out hold 0 (C11 6.7.9p21): the page
    // walk of a kernel table has walk.vma == NULL.
    lowerFieldInits(VD->getType()->getAsRecordDecl(), IL,
                    vl_x_addr_local(F, L));
    return;
  }
  if (VD->getType()->isRecordType() || VD->getType()->isArrayType())
    return;
  vl_ev_assign(F, loc(VD->getLocation()), L, rvalue(Init), 0);
}

void Lowerer::lowerElement(const Stmt *S) {
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (Call->getBuiltinCallee())
      return;
    auto It = Sites.find(Call);
    if (It == Sites.end())
      return;
    std::vector<uint32_t> Args;
    for (const Expr *A : Call->arguments())
      Args.push_back(rvalue(A));
    const FunctionDecl *Callee = Call->getDirectCallee();
    std::string Name;
    uint32_t CalleeExpr = VL_NONE;
    if (Callee && Callee->getIdentifier())
      Name = Callee->getName().str();
    else
      CalleeExpr = rvalue(Call->getCallee());
    vl_ev_call(U, F, loc(Call->getBeginLoc()), It->second,
               Name.empty() ? nullptr : Name.c_str(), CalleeExpr, Args.data(),
               static_cast<uint32_t>(Args.size()), 0);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() == BO_Assign) {
      lowerAssign(BO->getLHS(), rvalue(BO->getRHS()), 0, BO->getOperatorLoc());
    } else if (BO->isCompoundAssignmentOp()) {
      bool PtrOk;
      int64_t Step = pointerStep(BO->getLHS(), nullptr, BO, PtrOk);
      if (PtrOk) {
        uint32_t L = local(cast<VarDecl>(
            cast<DeclRefExpr>(BO->getLHS()->IgnoreParens())->getDecl()));
        vl_ev_assign(F, loc(BO->getOperatorLoc()), L,
                     vl_x_offset(F, vl_x_local(F, L), Step), 0);
        return;
      }
      // flags |= BIT and flags &= ~BIT keep what is known of the bits,
      // of a local or in memory (*flags &= ~FAULT_FLAG_UNSHARE).
      const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens());
      bool Ok = false;
      uint32_t C = VL_NONE;
      if (BO->getOpcode() == BO_OrAssign || BO->getOpcode() == BO_AndAssign)
        C = constant(BO->getRHS(), Ok);
      if (Ok && DRE && isLocalVar(DRE->getDecl())) {
        uint32_t L = local(cast<VarDecl>(DRE->getDecl()));
        int64_t K = F->exprs[C].k;
        uint32_t V = BO->getOpcode() == BO_OrAssign
                         ? vl_x_bitor(F, vl_x_local(F, L), K)
                         : vl_x_bitand(F, vl_x_local(F, L), K);
        vl_ev_assign(F, loc(BO->getOperatorLoc()), L, V, 0);
        return;
      }
      if (Ok && BO->getLHS()->getType()->isIntegerType()) {
        int64_t K = F->exprs[C].k;
        uint32_t Old = rvalue(BO->getLHS());
        uint32_t V = BO->getOpcode() == BO_OrAssign ? vl_x_bitor(F, Old, K)
                                                    : vl_x_bitand(F, Old, K);
        lowerAssign(BO->getLHS(), V, VL_EVF_COMPOUND | VL_EVF_BITS,
                    BO->getOperatorLoc());
        return;
      }
      lowerAssign(BO->getLHS(), rvalue(BO->getRHS()), VL_EVF_COMPOUND,
                  BO->getOperatorLoc());
    }
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (!UO->isIncrementDecrementOp())
      return;
    bool Ok;
    int64_t Step = pointerStep(UO->getSubExpr(), UO, nullptr, Ok);
    if (Ok) {
      uint32_t L = local(cast<VarDecl>(
          cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens())->getDecl()));
      auto It = PostTemps.find(UO);
      if (It != PostTemps.end())
        vl_ev_assign(F, loc(UO->getBeginLoc()), It->second, vl_x_local(F, L),
                     0);
      vl_ev_assign(F, loc(UO->getBeginLoc()), L,
                   vl_x_offset(F, vl_x_local(F, L), Step), 0);
      return;
    }
    lowerAssign(UO->getSubExpr(), VL_NONE, VL_EVF_COMPOUND, UO->getBeginLoc());
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        lowerDecl(VD);
    return;
  }
  if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
    const Expr *V = RS->getRetValue();
    vl_ev_return(F, loc(RS->getBeginLoc()), V ? rvalue(V) : VL_NONE);
    return;
  }
}

// ---- spec macros ----

void Lowerer::collectMacroUses(const CFG &G) {
  if (Macros.empty())
    return;
  SourceRange Body = FD->getBody()->getSourceRange();
  std::pair<FileID, unsigned> BB =
      SM.getDecomposedLoc(SM.getExpansionLoc(Body.getBegin()));
  std::pair<FileID, unsigned> BE =
      SM.getDecomposedLoc(SM.getExpansionLoc(Body.getEnd()));
  if (BB.first != BE.first)
    return;
  for (const MacroInvocation &Inv : Macros) {
    if (Inv.File != BB.first || Inv.Begin < BB.second || Inv.End > BE.second)
      continue;
    MacroUse MU;
    MU.Inv = &Inv;
    MU.ArgExprs.assign(Inv.Args.size(), nullptr);
    Uses.push_back(std::move(MU));
  }
  if (Uses.empty())
    return;
  // Blocks in breadth-first order from the entry: "first" below means
  // first in this order, then in element order within a block.
  std::vector<unsigned> Order(G.getNumBlockIDs(), ~0u);
  std::vector<const CFGBlock *> Queue{&G.getEntry()};
  Order[G.getEntry().getBlockID()] = 0;
  for (size_t Q = 0; Q < Queue.size(); ++Q)
    for (const CFGBlock::AdjacentBlock &Succ : Queue[Q]->succs())
      if (const CFGBlock *To = Succ.getReachableBlock())
        if (Order[To->getBlockID()] == ~0u) {
          Order[To->getBlockID()] = Queue.size();
          Queue.push_back(To);
        }
  struct Element {
    const Stmt *S;
    uint64_t Rank; // block order, then index
    FileID File;
    unsigned Begin, End;
  };
  std::vector<Element> Elements;
  for (const CFGBlock *B : G) {
    unsigned Index = 0;
    for (const CFGElement &El : *B) {
      std::optional<CFGStmt> CS = El.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      std::pair<FileID, unsigned> P =
          SM.getDecomposedLoc(SM.getExpansionLoc(S->getBeginLoc()));
      std::pair<FileID, unsigned> E =
          SM.getDecomposedLoc(SM.getExpansionLoc(S->getEndLoc()));
      uint64_t Rank = (uint64_t(Order[B->getBlockID()]) << 32) | Index++;
      Elements.push_back({S, Rank, P.first, P.second,
                          E.first == P.first ? E.second : P.second});
    }
  }
  for (MacroUse &MU : Uses) {
    const MacroInvocation &Inv = *MU.Inv;
    uint64_t Best = ~uint64_t(0);
    // Elements inside the invocation: the macro's effect takes the place
    // of the first of them; the arguments are found among them.
    for (const Element &El : Elements) {
      if (El.File != Inv.File || El.Begin < Inv.Begin || El.Begin > Inv.End)
        continue;
      MU.Inside = true;
      if (El.Rank < Best) {
        Best = El.Rank;
        MU.Anchor = El.S;
      }
      const auto *E = dyn_cast<Expr>(El.S);
      if (!E)
        continue;
      SourceLocation First = SM.getSpellingLoc(E->getBeginLoc());
      SourceLocation Last = SM.getSpellingLoc(E->getEndLoc());
      // The widest expression spelled exactly as an argument is the
      // argument (operands come before the expressions using them).
      for (size_t I = 0; I < Inv.Args.size(); ++I)
        if (First == Inv.Args[I].First && Last == Inv.Args[I].Last &&
            (!MU.ArgExprs[I] || MU.ArgExprs[I]->getSourceRange() ==
                                    E->getSourceRange()))
          MU.ArgExprs[I] = E;
    }
    if (MU.Inside)
      continue;
    // Expanded to nothing: the effect goes before the statement that
    // follows, i.e. before the first element evaluated within it.
    unsigned NextBegin = ~0u, NextEnd = 0;
    for (const Element &El : Elements)
      if (El.File == Inv.File && El.Begin > Inv.End &&
          (El.Begin < NextBegin || (El.Begin == NextBegin && El.End > NextEnd))) {
        NextBegin = El.Begin;
        NextEnd = El.End;
      }
    for (const Element &El : Elements)
      if (El.File == Inv.File && El.Begin >= NextBegin && El.End <= NextEnd &&
          El.Rank < Best) {
        Best = El.Rank;
        MU.Anchor = El.S;
      }
  }
}

Lowerer::MacroUse *Lowerer::macroContaining(const Stmt *S) {
  if (Uses.empty())
    return nullptr;
  std::pair<FileID, unsigned> P =
      SM.getDecomposedLoc(SM.getExpansionLoc(S->getBeginLoc()));
  for (MacroUse &MU : Uses)
    if (MU.Inside && P.first == MU.Inv->File && P.second >= MU.Inv->Begin &&
        P.second <= MU.Inv->End)
      return &MU;
  return nullptr;
}

void Lowerer::emitMacro(MacroUse &MU) {
  if (MU.Emitted)
    return;
  MU.Emitted = true;
  std::vector<uint32_t> Args;
  for (size_t I = 0; I < MU.Inv->Args.size(); ++I) {
    if (MU.ArgExprs[I])
      Args.push_back(rvalue(MU.ArgExprs[I]));
    else
      Args.push_back(vl_x_parse(U, F, MU.Inv->Args[I].Text.c_str()));
  }
  vl_func_new_site(F);
  vl_ev_call(U, F, loc(MU.Inv->Loc), F->nsites - 1, MU.Inv->Name.c_str(),
             VL_NONE, Args.data(), static_cast<uint32_t>(Args.size()),
             VL_EVF_MACRO);
}

// ---- edges ----

void Lowerer::lowerEdges(const CFGBlock &B) {
  if (B.hasNoReturnElement())
    return; // BUG(), panic(): the path ends here
  const Stmt *T = B.getTerminatorStmt();
  uint32_t From = B.getBlockID();
  if (const auto *SW = dyn_cast_or_null<SwitchStmt>(T)) {
    uint32_t Cond = rvalue(SW->getCond());
    // The default edge is taken when the value is none of the cases.
    std::vector<int64_t> Cases;
    for (const CFGBlock::AdjacentBlock &Succ : B.succs())
      if (const CFGBlock *To = Succ.getReachableBlock())
        if (const auto *CS = dyn_cast_or_null<CaseStmt>(To->getLabel())) {
          bool Ok;
          uint32_t V = CS->getRHS() ? VL_NONE : constant(CS->getLHS(), Ok);
          if (!CS->getRHS() && Ok)
            Cases.push_back(F->exprs[V].k);
        }
    for (const CFGBlock::AdjacentBlock &Succ : B.succs()) {
      const CFGBlock *To = Succ.getReachableBlock();
      if (!To)
        continue;
      const auto *CS = dyn_cast_or_null<CaseStmt>(To->getLabel());
      if (CS) {
        bool Ok;
        uint32_t V = CS->getRHS() ? VL_NONE : constant(CS->getLHS(), Ok);
        uint32_t C = !CS->getRHS() && Ok
                         ? vl_x_test(F, Cond, VL_P_EQ, F->exprs[V].k)
                         : VL_NONE;
        vl_func_edge(F, From, To->getBlockID(), C, true);
      } else {
        std::vector<uint32_t> Conds;
        for (int64_t K : Cases)
          Conds.push_back(vl_x_test(F, Cond, VL_P_NE, K));
        vl_func_edge_all(F, From, To->getBlockID(), Conds.data(),
                         static_cast<uint32_t>(Conds.size()));
      }
    }
    return;
  }
  const Expr *Cond = nullptr;
  if (T && B.succ_size() == 2) {
    if (const auto *BO = dyn_cast<BinaryOperator>(T)) {
      if (BO->isLogicalOp())
        Cond = BO->getLHS();
    } else if (!isa<BinaryConditionalOperator>(T) &&
               !isa<IndirectGotoStmt>(T)) {
      Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition(false));
    }
    // In "if (a && b)" the block deciding the branch evaluated b.
    while (Cond) {
      const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
      if (!BO || !BO->isLogicalOp())
        break;
      Cond = BO->getRHS();
    }
  }
  uint32_t C = Cond ? rvalue(Cond) : VL_NONE;
  unsigned I = 0;
  for (const CFGBlock::AdjacentBlock &Succ : B.succs()) {
    const CFGBlock *To = Succ.getReachableBlock();
    unsigned Index = I++;
    if (!To)
      continue;
    if (Cond)
      vl_func_edge(F, From, To->getBlockID(), C, Index == 0);
    else
      vl_func_edge(F, From, To->getBlockID(), VL_NONE, true);
  }
}

// ---- driver ----

void Lowerer::run() {
  CFG::BuildOptions BO;
  BO.PruneTriviallyFalseEdges = true;
  BO.AddEHEdges = false;
  BO.AddInitializers = false;
  BO.AddImplicitDtors = false;
  BO.setAllAlwaysAdd();
  std::unique_ptr<CFG> G =
      CFG::buildCFG(FD, FD->getBody(), &Ctx, BO);
  if (!G)
    return;
  const auto *Body = dyn_cast<CompoundStmt>(FD->getBody());
  uint32_t Loc = loc(FD->getLocation());
  uint32_t EndLoc = loc(Body ? Body->getRBracLoc() : FD->getEndLoc());
  F = vl_func_new(U, FD->getName().str().c_str(), !FD->isExternallyVisible(),
                  Loc, EndLoc);
  for (const ParmVarDecl *P : FD->parameters())
    local(P);
  vl_func_set_blocks(F, G->getNumBlockIDs(), G->getEntry().getBlockID(),
                     G->getExit().getBlockID());
  // Call sites first: an expression may refer to a call of its block.
  for (const CFGBlock *B : *G)
    for (const CFGElement &El : *B)
      if (std::optional<CFGStmt> CS = El.getAs<CFGStmt>())
        if (const auto *Call = dyn_cast<CallExpr>(CS->getStmt()))
          if (!Call->getBuiltinCallee() && !Sites.count(Call))
            Sites[Call] = vl_func_new_site(F);
  for (const CFGBlock *B : *G)
    if (const auto *CO =
            dyn_cast_or_null<ConditionalOperator>(B->getTerminatorStmt())) {
      CondTemps[CO] = vl_func_local(U, F, "", "", nullptr, -1);
      CondArms[CO->getTrueExpr()->IgnoreParens()] = CO;
      CondArms[CO->getFalseExpr()->IgnoreParens()] = CO;
    }
  // Logical operators whose value is used appear as elements.
  for (const CFGBlock *B : *G)
    for (const CFGElement &El : *B)
      if (std::optional<CFGStmt> CS = El.getAs<CFGStmt>())
        if (const auto *BO = dyn_cast<BinaryOperator>(CS->getStmt()))
          if (BO->isLogicalOp() && BO->HasSideEffects(Ctx) &&
              !LogicTemps.count(BO)) {
            LogicTemps[BO] = vl_func_local(U, F, "", "", nullptr, -1);
            chainOperands(BO, LogicTemps[BO]);
            // The last operand evaluated gives the value.
            const Expr *Last = BO->getRHS()->IgnoreParens();
            while (const auto *In = dyn_cast<BinaryOperator>(Last)) {
              if (!LogicChain.count(In))
                break;
              Last = In->getRHS()->IgnoreParens();
            }
            LogicRHS[Last] = BO;
          }
  // Post-increments of pointer locals: the value before.
  for (const CFGBlock *B : *G)
    for (const CFGElement &El : *B)
      if (std::optional<CFGStmt> CS = El.getAs<CFGStmt>())
        if (const auto *UO = dyn_cast<UnaryOperator>(CS->getStmt())) {
          bool Ok;
          if (UO->isPostfix() && UO->isIncrementDecrementOp() &&
              !PostTemps.count(UO)) {
            pointerStep(UO->getSubExpr(), UO, nullptr, Ok);
            if (Ok)
              PostTemps[UO] = vl_func_local(U, F, "", "", nullptr, -1);
          }
        }
  collectMacroUses(*G);
  for (const CFGBlock *B : *G) {
    vl_func_begin_block(F, B->getBlockID());
    for (const CFGElement &El : *B) {
      std::optional<CFGStmt> CS = El.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (!CondArms.empty()) {
        // An arm's value, once evaluated, goes into the temporary.
        auto Arm = CondArms.find(S);
        if (Arm != CondArms.end() && !macroContaining(S)) {
          lowerElement(S);
          vl_ev_assign(F, loc(S->getBeginLoc()), CondTemps[Arm->second],
                       rvalue(cast<Expr>(S)), 0);
          continue;
        }
      }
      for (MacroUse &MU : Uses)
        if (!MU.Inside && MU.Anchor == S)
          emitMacro(MU);
      if (MacroUse *MU = macroContaining(S)) {
        // The spec describes the whole expansion: its effect replaces
        // the expansion's first element, the rest is skipped.
        if (MU->Anchor == S)
          emitMacro(*MU);
        continue;
      }
      lowerElement(S);
      if (!LogicRHS.empty()) {
        // The right operand, once evaluated, is the operator's value.
        auto RHS = LogicRHS.find(S);
        if (RHS != LogicRHS.end())
          vl_ev_assign(F, loc(S->getBeginLoc()), LogicTemps[RHS->second],
                       vl_x_test(F, rvalue(cast<Expr>(S)), VL_P_NE, 0), 0);
      }
    }
    // The block deciding on the left operand: where it short-circuits,
    // (a != 0) is the operator's value.
    if (const auto *BO =
            dyn_cast_or_null<BinaryOperator>(B->getTerminatorStmt())) {
      auto It = LogicTemps.find(BO);
      auto Chained = LogicChain.find(BO);
      uint32_t Temp = It != LogicTemps.end()        ? It->second
                      : Chained != LogicChain.end() ? Chained->second
                                                    : VL_NONE;
      if (Temp != VL_NONE && !macroContaining(BO))
        vl_ev_assign(F, loc(BO->getBeginLoc()), Temp,
                     vl_x_test(F, rvalue(BO->getLHS()), VL_P_NE, 0), 0);
    }
    lowerEdges(*B);
  }
  vl_func_finish(F);
}

} // namespace

void lowerFunction(ASTContext &Ctx, const FunctionDecl *FD, vl_unit *U,
                   Locations &Locs, const std::vector<MacroInvocation> &Macros) {
  Lowerer(Ctx, FD, U, Locs, Macros).run();
}

} // namespace vmalock
