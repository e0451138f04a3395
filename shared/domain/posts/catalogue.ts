// The post catalogue of public institutions (事业单位岗位设置管理, DOMAIN §4): three categories, their
// grades and the bands the grades fall into, with the post names a health unit usually gives them.
// Pure data plus lookups; no Node, no DOM.

export const POST_CATEGORIES = ['管理', '专业技术', '工勤'] as const;
export type PostCategory = (typeof POST_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<PostCategory, string> = { 管理: '管理岗位', 专业技术: '专业技术岗位', 工勤: '工勤技能岗位' };
export const CATEGORY_EN: Record<PostCategory, string> = { 管理: 'Management', 专业技术: 'Professional', 工勤: 'Skilled worker' };

/**
 * A grade: 管理 1–10, 专业技术 1–13, 工勤 1–5 (技术工); `null` is 工勤's 普通工, which has no grade.
 * 1 is the highest in every category.
 */
export type Grade = number | null;

export interface BandSpec {
  /** Unique across categories (正高, 副高 … 技术工, 普通工; the management bands are named by rank). */
  band: string;
  category: PostCategory;
  grades: readonly Grade[];
  en: string;
}

export const BANDS: readonly BandSpec[] = [
  { band: '管理一至四级', category: '管理', grades: [1, 2, 3, 4], en: 'Mgmt 1–4 (bureau and above)' },
  { band: '管理五至六级', category: '管理', grades: [5, 6], en: 'Mgmt 5–6 (division)' },
  { band: '管理七至八级', category: '管理', grades: [7, 8], en: 'Mgmt 7–8 (section)' },
  { band: '管理九至十级', category: '管理', grades: [9, 10], en: 'Mgmt 9–10 (staff)' },
  { band: '正高', category: '专业技术', grades: [1, 2, 3, 4], en: 'Senior (full)' },
  { band: '副高', category: '专业技术', grades: [5, 6, 7], en: 'Senior (associate)' },
  { band: '中级', category: '专业技术', grades: [8, 9, 10], en: 'Intermediate' },
  { band: '初级', category: '专业技术', grades: [11, 12, 13], en: 'Junior' },
  { band: '技术工', category: '工勤', grades: [1, 2, 3, 4, 5], en: 'Skilled' },
  { band: '普通工', category: '工勤', grades: [null], en: 'General' },
];

export const BAND_NAMES = BANDS.map((b) => b.band);

/** Highest grade number of each category (工勤 also has 普通工 = null). */
export const MAX_GRADE: Record<PostCategory, number> = { 管理: 10, 专业技术: 13, 工勤: 5 };

const CN_NUM = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三'];

/** Is `grade` a grade of `category`? */
export function isValidGrade(category: PostCategory, grade: Grade): boolean {
  if (grade === null) return category === '工勤';
  return Number.isInteger(grade) && grade >= 1 && grade <= MAX_GRADE[category];
}

export function bandOf(category: PostCategory, grade: Grade): BandSpec | undefined {
  return BANDS.find((b) => b.category === category && b.grades.includes(grade));
}

/** 专业技术 grades 1–7: the senior posts (正高 + 副高) that structural caps count. */
export function isSenior(category: PostCategory, grade: Grade): boolean {
  return category === '专业技术' && grade !== null && grade <= 7;
}

/** The official name of a grade: 专业技术七级岗位, 管理九级职员, 工勤技能三级（高级工）, 普通工. */
export function gradeLabel(category: PostCategory, grade: Grade): string {
  if (grade === null) return '普通工';
  if (category === '管理') return `${CN_NUM[grade]}级职员`;
  if (category === '专业技术') return `专业技术${CN_NUM[grade]}级`;
  return `工勤技能${CN_NUM[grade]}级（${WORKER_TITLES[grade - 1]}）`;
}

/** A grade key for maps and JSON: `专业技术:6`, `工勤:普通工`. */
export function gradeKey(category: PostCategory, grade: Grade): string {
  return `${category}:${grade === null ? '普通工' : grade}`;
}

const WORKER_TITLES = ['高级技师', '技师', '高级工', '中级工', '初级工'];

/** The post names a health unit usually gives each band (suggestions; a post name is free text). */
export const POST_NAMES: Record<string, readonly string[]> = {
  管理一至四级: ['院长', '党委书记'],
  管理五至六级: ['院长', '党委书记', '副院长', '党委副书记'],
  管理七至八级: ['院长', '副院长', '科长', '副科长', '办公室主任'],
  管理九至十级: ['科员', '办事员'],
  正高: ['主任医师', '主任护师', '主任药师', '主任技师', '主任中医师'],
  副高: ['副主任医师', '副主任护师', '副主任药师', '副主任技师', '副主任中医师'],
  中级: ['主治医师', '主管护师', '主管药师', '主管技师', '主治中医师'],
  初级: ['医师', '护师', '药师', '技师', '医士', '护士', '药士', '技士'],
  技术工: ['驾驶员', '电工', '维修工', '消毒员', '收费员'],
  普通工: ['保洁', '护工', '门卫'],
};

/**
 * Read a grade as people write it for a category: `6`, `六级`, `专技6级`, `七级职员`, `普通工`.
 * Returns undefined when it is not a grade of that category.
 */
export function parseGrade(category: PostCategory, input: unknown): Grade | undefined {
  if (input === null || input === undefined) return undefined;
  const t = String(input).replace(/[\s\u3000]/g, '').replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (t === '') return undefined;
  if (/^普通工?$/.test(t) || t === '普工') return category === '工勤' ? null : undefined;
  let m = /(\d{1,2})/.exec(t);
  let n: number | undefined = m ? Number(m[1]) : undefined;
  if (n === undefined) {
    m = /(十[一二三]?|[一二三四五六七八九十])级?/.exec(t);
    if (m) n = CN_NUM.indexOf(m[1]!);
  }
  if (n === undefined || n < 1) return undefined;
  return isValidGrade(category, n) ? n : undefined;
}

/** Read a category as written: 管理, 管理岗, 管理岗位, 专技, 专业技术岗位, 工勤, 工勤技能岗位. */
export function parseCategory(input: unknown): PostCategory | undefined {
  if (typeof input !== 'string') return undefined;
  const t = input.replace(/[\s\u3000]/g, '');
  if (/^管理(岗位?)?$/.test(t)) return '管理';
  if (/^(专业技术|专技)(岗位?)?$/.test(t)) return '专业技术';
  if (/^工勤(技能)?(岗位?)?$/.test(t)) return '工勤';
  return undefined;
}

/** How a person's employing and working unit relate (DOMAIN §4): 县管乡用, 乡聘村用, another secondment, or null (the same unit). */
export function arrangementOf(employingType: string, workingType: string, sameUnit: boolean): '县管乡用' | '乡聘村用' | '借调' | null {
  if (sameUnit) return null;
  const county = employingType === '牵头医院' || employingType === '县级医院';
  const township = employingType === '乡镇卫生院' || employingType === '社区卫生服务中心';
  if (county && (workingType === '乡镇卫生院' || workingType === '社区卫生服务中心' || workingType === '村卫生室')) return '县管乡用';
  if (township && workingType === '村卫生室') return '乡聘村用';
  return '借调';
}
