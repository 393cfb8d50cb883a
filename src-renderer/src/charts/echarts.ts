// The only ECharts entry point: just the parts the dashboard and the container charts draw, so the chunk stays small. Imported by
// lazily loaded views only, never by the shell.
import { use, type ComposeOption } from 'echarts/core'
import { PieChart, BarChart, LineChart, type PieSeriesOption, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts'
import { TooltipComponent, LegendComponent, GridComponent, type TooltipComponentOption, type LegendComponentOption, type GridComponentOption } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([PieChart, BarChart, LineChart, TooltipComponent, LegendComponent, GridComponent, CanvasRenderer])

export type ChartOption = ComposeOption<PieSeriesOption | BarSeriesOption | LineSeriesOption | TooltipComponentOption | LegendComponentOption | GridComponentOption>
