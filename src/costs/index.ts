/** The face of src/costs: what other features may use (the architecture check holds them to it). */
export { CostItem } from './cost-item.entity';
export { baseCurrencyOf } from './cost-kinds';
export type { CostService } from './cost.service';
export { atScale, currencyExponent, divideHalfUp, formatDecimal, formatMinor, parseDecimal } from './money';
export { costsModule, type CostsDeps } from './costs.module';
