" Vim syntax file for CJM, customer journey maps as code.
" Install: copy or link this file to ~/.config/nvim/syntax/cjm.vim (Neovim) or ~/.vim/syntax/cjm.vim (Vim).
" Colours for editors without semantic tokens (Vim, Neovim before 0.9); where the language server's
" semantic tokens arrive they refine these colours by kind of name. Keep the keyword lists in step with
" packages/language/src/cjm.langium (test/editors/neovim.test.ts checks that every keyword is here).

if exists('b:current_syntax')
  finish
endif

" Names and keywords may contain '-' between word characters (word-of-mouth, moment-of-truth).
syntax iskeyword @,48-57,_,-

" Words that declare or name something: the name after them is highlighted as a name.
syntax keyword cjmStructure persona channel team source insight journey stage touchpoint scenario metric nextgroup=cjmName skipwhite
syntax keyword cjmStructure emotions

" Words that start a line inside a persona, journey, stage, touchpoint, opportunity, scenario or metric.
syntax keyword cjmKeyword role age location goal need frustration motivation behavior quote segment validated
syntax keyword cjmKeyword description expectation does thinks wants obstacle gap observed tool unknown
syntax keyword cjmKeyword feels expected pain severity opportunity outcome status owner support moment-of-truth
syntax keyword cjmKeyword path type period value target start end new lost
syntax keyword cjmKeyword asks frontstage backstage artifact for
syntax keyword cjmKeyword date sample finding link evidence subjourney reviewed impact effort ticket due

" The fixed values of `type`, `severity` and `status`.
syntax keyword cjmConstant retention churn nps csat ces conversion custom low medium high idea planned in-progress done

syntax match cjmName contained /\<[A-Za-z_][A-Za-z0-9_]*\(-[A-Za-z0-9_]\+\)*\>/
" A number is not part of a name (ops1): nothing of a name may stand right before it.
syntax match cjmNumber /\([A-Za-z0-9_.-]\)\@<![+-]\=\d\+\(\.\d\+\)\=%\=/
syntax match cjmOperator /->/
syntax region cjmString start=/"/ skip=/\\./ end=/"/ oneline
syntax keyword cjmTodo contained TODO FIXME XXX NOTE
syntax match cjmComment "//.*$" contains=cjmTodo
syntax region cjmComment start="/\*" end="\*/" contains=cjmTodo

highlight default link cjmStructure Structure
highlight default link cjmKeyword Keyword
highlight default link cjmConstant Constant
highlight default link cjmName Identifier
highlight default link cjmNumber Number
highlight default link cjmOperator Operator
highlight default link cjmString String
highlight default link cjmTodo Todo
highlight default link cjmComment Comment

let b:current_syntax = 'cjm'
