export const DEPARTMENT_TYPES = ['clinical', 'medical_technical', 'functional', 'logistics', 'patient_service'] as const
export type DepartmentType = (typeof DEPARTMENT_TYPES)[number]
