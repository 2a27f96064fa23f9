export {
  type AxisCuts,
  type GradeCuts,
  type GradeReading,
  FIT_GRADES,
  INTENT_GRADES,
  gradeCuts,
  grade,
  fitGrade,
  intentGrade,
  gradeReading,
  gradeSql,
  gradeReadingSql,
} from "./grade.ts";
