// AG Grid Community, registered once with only the modules the ledger's grids use, and the
// ledger's theme (Theming API, v33+). ValidationModule only in development builds: it names any
// module a grid option needs but we forgot to register.
import {
  CellApiModule,
  CellStyleModule,
  CheckboxEditorModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  DateFilterModule,
  ExternalFilterModule,
  ModuleRegistry,
  NumberFilterModule,
  PinnedRowModule,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  SelectEditorModule,
  TextEditorModule,
  TextFilterModule,
  TooltipModule,
  ValidationModule,
  themeQuartz,
  type Module,
} from 'ag-grid-community';

const modules: Module[] = [
  ClientSideRowModelModule,
  ClientSideRowModelApiModule, // applyTransaction
  ColumnApiModule, // getAllDisplayedColumns (paste)
  TextEditorModule,
  SelectEditorModule,
  CheckboxEditorModule,
  ExternalFilterModule, // the quick filter box (pinyin-aware, see LedgerGrid)
  TextFilterModule, // column filters (the asset register); Set Filter is Enterprise-only
  NumberFilterModule,
  DateFilterModule,
  PinnedRowModule, // the "new row" entry line
  TooltipModule, // validation messages on cells
  CellStyleModule, // cellClassRules: invalid cells
  RowStyleModule,
  RowSelectionModule,
  RenderApiModule, // refreshCells after marking errors
  CellApiModule, // getCellValue (copy)
  RowApiModule,
  ScrollApiModule,
];
if (import.meta.env.DEV) modules.push(ValidationModule);

ModuleRegistry.registerModules(modules);

export const CJK_FONT_STACK = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif';

/** Dense, spreadsheet-like look for accountants: thin cell borders, small rows, sober colours. */
export const ledgerTheme = themeQuartz.withParams({
  fontFamily: CJK_FONT_STACK,
  fontSize: 13,
  headerFontSize: 13,
  headerFontWeight: 600,
  spacing: 4,
  rowHeight: 28,
  headerHeight: 30,
  accentColor: '#1d5fa8',
  foregroundColor: '#1f2933',
  borderColor: '#d5dae1',
  headerBackgroundColor: '#eef1f5',
  headerTextColor: '#2c3a4b',
  oddRowBackgroundColor: '#fafbfc',
  rowHoverColor: '#eef4fb',
  selectedRowBackgroundColor: '#dce9f8',
  columnBorder: true,
  headerColumnBorder: true,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  borderRadius: 2,
  cellHorizontalPadding: 8,
  pinnedRowBorder: { width: 2, color: '#c4ccd6' },
});
